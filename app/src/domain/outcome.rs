//! How a deal moves and ends (R-STAGE-1, R-STAGE-2, R-LIFE-4, R-REG-2, X-REASONS): the two stage
//! ladders, which stage may be marked, when a deal may be won, and how it ended.

use super::deal::{Direction, Stage};
use super::fields::Notes;
use super::issues::Issues;
use super::reasons::{DeclineReason, LostReason};
use super::refusal::Refused;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// R-REG-2.
pub const EARLY_WIN_HOURS: i64 = 72;

/// R-STAGE-1: optional, in either direction.
pub const STANDARD: [Stage; 4] = [Stage::Qualified, Stage::Developed, Stage::Proposed, Stage::Negotiated];
/// R-STAGE-2: in order, all four before Won.
pub const ASSESSMENT: [Stage; 4] = [Stage::SecureLoe, Stage::CollectData, Stage::PrepareReport, Stage::PresentToCustomer];

/// How a closed deal ended (X-REASONS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Won { early: bool },
    Lost { reason: LostReason, notes: Option<Notes> },
    Declined { reason: DeclineReason, notes: Option<Notes> },
    Expired,
}

/// The stages a deal of this kind may ever be marked at, in order.
pub fn ladder(direction: Direction, is_assessment: bool) -> Vec<Stage> {
    if is_assessment {
        ASSESSMENT.to_vec()
    } else {
        std::iter::once(Stage::initial(direction)).chain(STANDARD).collect()
    }
}

/// R-STAGE-1, R-STAGE-2: whether `to` may be marked on a deal at `from`.
pub fn check_mark(from: Stage, to: Stage, direction: Direction, is_assessment: bool) -> Result<(), Refused> {
    if to == Stage::Won {
        return Err(Refused::WonOnlyByOutcome);
    }
    if !ladder(direction, is_assessment).contains(&to) {
        return Err(Refused::WrongLadder);
    }
    if is_assessment {
        let done = ASSESSMENT.iter().position(|s| *s == from).map_or(0, |p| p + 1);
        return if ASSESSMENT.get(done) == Some(&to) { Ok(()) } else { Err(Refused::StageOutOfOrder) };
    }
    if to == from { Err(Refused::Invalid(Issues::default())) } else { Ok(()) }
}

/// R-LIFE-4, R-STAGE-2, R-REG-2: a deal may be won now; `Ok(early)` says whether the 72 hours
/// since `started_at` have not passed, which must be confirmed.
pub fn check_win(stage: Stage, is_assessment: bool, started_at: DateTime<Utc>, now: DateTime<Utc>, confirm_early: bool) -> Result<bool, Refused> {
    if is_assessment && stage != Stage::PresentToCustomer {
        return Err(Refused::AssessmentStagesIncomplete);
    }
    let early = now < started_at + Duration::hours(EARLY_WIN_HOURS);
    if early && !confirm_early {
        return Err(Refused::ConfirmEarlyWin);
    }
    Ok(early)
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
    let rounded_down = STANDARD.into_iter().rev().find(|s| percent >= Decimal::from(s.percent()));
    Some(rounded_down.unwrap_or(Stage::initial(direction)))
}
