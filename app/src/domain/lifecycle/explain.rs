//! Answers the UI needs to say *why*: registration eligibility (R-REG-1), the invitation rules the
//! lifecycle checks (R-TYPE-6, R-NEW-1), and how outside stage values map onto ours (R-STAGE-1).
//! What the page offers now is `next_steps`, which asks `apply` itself.

use super::{Deal, MicrosoftStatus, Refused};
use crate::domain::deal::{Direction, MicrosoftLevel, Stage, Status};
use crate::domain::registration::RegistrationProgram;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A condition of R-REG-1 that a deal does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unmet {
    SolutionAssessment,
    NotSharedWithMicrosoft,
    NoIncentiveSolution,
    NotWon,
    MicrosoftHasNotAccepted,
    BelowMinimumValue,
    CustomerNotMicrosoftManaged,
}

impl Unmet {
    pub fn message(&self) -> &'static str {
        match self {
            Unmet::SolutionAssessment => "solution assessments are never registrable",
            Unmet::NotSharedWithMicrosoft => "the deal is private: Microsoft must at least be able to view it",
            Unmet::NoIncentiveSolution => "no solution carries an IP co-sell incentive (Azure IP co-sell, Business Apps premium or standard)",
            Unmet::NotWon => "the deal is not won",
            Unmet::MicrosoftHasNotAccepted => "Microsoft has not accepted the co-sell invitation nor marked the deal won",
            Unmet::BelowMinimumValue => "the deal value is below the program's minimum in USD",
            Unmet::CustomerNotMicrosoftManaged => "the customer is not Microsoft-managed",
        }
    }
}

/// R-REG-1: eligible, or every unmet condition.
pub fn registration_eligibility(deal: &Deal, program: &RegistrationProgram) -> Result<(), Vec<Unmet>> {
    let mut unmet = Vec::new();
    if deal.is_assessment {
        unmet.push(Unmet::SolutionAssessment);
    }
    if deal.microsoft.level == MicrosoftLevel::None {
        unmet.push(Unmet::NotSharedWithMicrosoft);
    }
    if !deal.solutions.iter().any(|s| s.incentive.is_some()) {
        unmet.push(Unmet::NoIncentiveSolution);
    }
    if deal.status != Status::Won {
        unmet.push(Unmet::NotWon);
    }
    if deal.microsoft.level == MicrosoftLevel::Invited
        && !matches!(deal.microsoft.status, Some(MicrosoftStatus::Accepted | MicrosoftStatus::Won))
    {
        unmet.push(Unmet::MicrosoftHasNotAccepted);
    }
    if let Some(min) = program.min_value_usd {
        if deal.details.currency.as_str() != "USD" || deal.details.value.value() < min {
            unmet.push(Unmet::BelowMinimumValue);
        }
    }
    if program.require_microsoft_managed_customer && !deal.customer_microsoft_managed {
        unmet.push(Unmet::CustomerNotMicrosoftManaged);
    }
    if unmet.is_empty() { Ok(()) } else { Err(unmet) }
}

/// R-TYPE-6: invitations only on deals we originated, while Accepted, never on an assessment.
pub(super) fn may_invite(deal: &Deal) -> Result<(), Refused> {
    if deal.direction != Direction::Outbound {
        return Err(Refused::NotOriginator);
    }
    match deal.status {
        Status::Received => return Err(Refused::NotAccepted),
        s if s.is_terminal() => return Err(Refused::Terminal),
        _ => {}
    }
    if deal.is_assessment {
        return Err(Refused::AssessmentHasNoInvitations);
    }
    Ok(())
}

/// R-TYPE-6, R-NEW-1: Microsoft can be invited once, and only with the customer contact.
pub(super) fn microsoft_invitable(deal: &Deal) -> Result<(), Refused> {
    if matches!(deal.microsoft.status, Some(MicrosoftStatus::Declined | MicrosoftStatus::Expired)) {
        return Err(Refused::MicrosoftCannotBeReinvited);
    }
    if deal.microsoft.level == MicrosoftLevel::Invited {
        return Err(Refused::MicrosoftAlreadyThere);
    }
    if !deal.contact.ready_for_co_sell() {
        return Err(Refused::ContactRequiredForCoSell);
    }
    Ok(())
}

/// R-STAGE-1: a company's own stage value (a name, the connector's Qualify/Develop/Propose/Close,
/// or a percentage rounded down) mapped onto ours; never Won.
pub fn stage_from_external(value: &str, direction: Direction) -> Option<Stage> {
    let text = value.trim().trim_end_matches('%').trim().to_lowercase();
    let by_name = match text.as_str() {
        "created" | "accepted" => Some(Stage::initial(direction)),
        "qualify" | "qualified" => Some(Stage::Qualified),
        "develop" | "developed" => Some(Stage::Developed),
        "propose" | "proposed" => Some(Stage::Proposed),
        "close" | "negotiate" | "negotiated" => Some(Stage::Negotiated),
        _ => None,
    };
    if by_name.is_some() {
        return by_name;
    }
    let percent: Decimal = text.parse().ok()?;
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        return None;
    }
    Some(match percent {
        p if p >= Decimal::from(80) => Stage::Negotiated,
        p if p >= Decimal::from(60) => Stage::Proposed,
        p if p >= Decimal::from(40) => Stage::Developed,
        p if p >= Decimal::from(20) => Stage::Qualified,
        _ => Stage::initial(direction),
    })
}
