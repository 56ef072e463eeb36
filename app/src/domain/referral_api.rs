//! The words of Partner Center's Referral resource (API.md) and how a deal's state reads in them:
//! status and substatus, direction, type. A status move named in those words is mapped to the one
//! lifecycle command it means, or refused by the rule it breaks; the command then runs through the
//! same lifecycle as the UI's buttons.

use super::deal::{Direction, MicrosoftLevel, Status, str_enum};
use super::lifecycle::{Deal, Refused, Sender};

str_enum!(
    /// `status` of API.md.
    ApiStatus { New = "New", Active = "Active", Closed = "Closed" }
);

str_enum!(
    /// `substatus` of API.md. `Pending` is never a deal's own status (R-NEW-7); it only appears on
    /// invitations.
    Substatus {
        Pending = "Pending",
        Received = "Received",
        Accepted = "Accepted",
        Won = "Won",
        Lost = "Lost",
        Declined = "Declined",
        Expired = "Expired",
    }
);

str_enum!(
    /// `type`: `Shared` when the engagement has more than one referral.
    ReferralType { Independent = "Independent", Shared = "Shared" }
);

str_enum!(
    /// `qualification`, as the caller gave it (kept, not interpreted).
    Qualification { None = "None", Direct = "Direct", MarketingQualified = "MarketingQualified", SalesQualified = "SalesQualified" }
);

str_enum!(
    /// `direction`.
    ReferralDirection { Incoming = "Incoming", Outgoing = "Outgoing" }
);

impl ReferralDirection {
    pub fn of(direction: Direction) -> Self {
        match direction {
            Direction::Inbound => ReferralDirection::Incoming,
            Direction::Outbound => ReferralDirection::Outgoing,
        }
    }

    pub fn direction(&self) -> Direction {
        match self {
            ReferralDirection::Incoming => Direction::Inbound,
            ReferralDirection::Outgoing => Direction::Outbound,
        }
    }
}

/// API.md "Status mapping": how a deal's status reads.
pub fn status_of(status: Status) -> (ApiStatus, Substatus) {
    match status {
        Status::Received => (ApiStatus::New, Substatus::Received),
        Status::Accepted => (ApiStatus::Active, Substatus::Accepted),
        Status::Won => (ApiStatus::Closed, Substatus::Won),
        Status::Lost => (ApiStatus::Closed, Substatus::Lost),
        Status::Declined => (ApiStatus::Closed, Substatus::Declined),
        Status::Expired => (ApiStatus::Closed, Substatus::Expired),
    }
}

/// The deal statuses that read as `status` (for filters).
pub fn statuses_of(status: ApiStatus) -> Vec<Status> {
    Status::ALL.iter().copied().filter(|s| status_of(*s).0 == status).collect()
}

/// The deal status that reads as `substatus`; `None` for `Pending`, which no deal has.
pub fn status_for(substatus: Substatus) -> Option<Status> {
    Status::ALL.iter().copied().find(|s| status_of(*s).1 == substatus)
}

/// `Shared` when the engagement holds another referral than this one: Microsoft's (sent by
/// Microsoft, or Microsoft invited) or a partner's (invited, or inviting).
pub fn referral_type(deal: &Deal) -> ReferralType {
    let microsoft = deal.microsoft.level == MicrosoftLevel::Invited || deal.sender == Some(Sender::Microsoft);
    if microsoft || deal.is_partner_engagement() { ReferralType::Shared } else { ReferralType::Independent }
}

/// A status move a PATCH asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMove {
    Accept,
    Decline,
    Win,
    Lose,
}

/// Why a status move is not one: the two words do not belong together (a 400), or the rule that
/// refuses it (a 409).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    Mismatch { status: ApiStatus, substatus: Substatus },
    Refused(Refused),
}

/// API.md: New/Received → Active/Accepted or Closed/Declined; Active/Accepted → Closed/Won or
/// Closed/Lost; Expired only by the system; Closed is final. `None` when the deal is already there.
/// `status` may be left out (the substatus names it).
pub fn status_move(current: Status, status: Option<ApiStatus>, substatus: Substatus) -> Result<Option<StatusMove>, MoveError> {
    let wanted = status_for(substatus);
    if let (Some(status), Some(target)) = (status, wanted) {
        if status_of(target).0 != status {
            return Err(MoveError::Mismatch { status, substatus });
        }
    }
    let Some(target) = wanted else {
        // Pending is only ever an invitation's state, set by whoever invites (R-NEW-7).
        return Err(MoveError::Refused(Refused::SystemOnly));
    };
    if target == current {
        return Ok(None);
    }
    if current.is_terminal() {
        return Err(MoveError::Refused(Refused::Terminal));
    }
    match (current, target) {
        (_, Status::Expired) | (_, Status::Received) => Err(MoveError::Refused(Refused::SystemOnly)),
        (Status::Received, Status::Accepted) => Ok(Some(StatusMove::Accept)),
        (Status::Received, Status::Declined) => Ok(Some(StatusMove::Decline)),
        (Status::Received, _) => Err(MoveError::Refused(Refused::NotAccepted)),
        (Status::Accepted, Status::Won) => Ok(Some(StatusMove::Win)),
        (Status::Accepted, Status::Lost) => Ok(Some(StatusMove::Lose)),
        (_, _) => Err(MoveError::Refused(Refused::NotReceived)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // API.md "Status mapping": every status reads as exactly one pair, and back.
    #[test]
    fn statuses_read_as_documented() {
        assert_eq!(status_of(Status::Received), (ApiStatus::New, Substatus::Received));
        assert_eq!(status_of(Status::Accepted), (ApiStatus::Active, Substatus::Accepted));
        for s in [Status::Won, Status::Lost, Status::Declined, Status::Expired] {
            assert_eq!(status_of(s).0, ApiStatus::Closed);
            assert_eq!(status_for(status_of(s).1), Some(s));
        }
        assert_eq!(statuses_of(ApiStatus::Closed), [Status::Won, Status::Lost, Status::Declined, Status::Expired]);
        assert_eq!(status_for(Substatus::Pending), None);
    }

    // API.md, R-LIFE-1, R-LIFE-2, R-LIFE-4: only the documented moves; the rest name their rule.
    #[test]
    fn status_moves() {
        use ApiStatus::*;
        let mv = |current, status, sub| status_move(current, status, sub);
        assert_eq!(mv(Status::Received, Some(Active), Substatus::Accepted), Ok(Some(StatusMove::Accept)));
        assert_eq!(mv(Status::Received, Some(Closed), Substatus::Declined), Ok(Some(StatusMove::Decline)));
        assert_eq!(mv(Status::Accepted, Some(Closed), Substatus::Won), Ok(Some(StatusMove::Win)));
        assert_eq!(mv(Status::Accepted, None, Substatus::Lost), Ok(Some(StatusMove::Lose)));
        assert_eq!(mv(Status::Accepted, Some(Active), Substatus::Accepted), Ok(None));
        assert_eq!(mv(Status::Received, Some(Closed), Substatus::Won), Err(MoveError::Refused(Refused::NotAccepted)));
        assert_eq!(mv(Status::Accepted, Some(Closed), Substatus::Declined), Err(MoveError::Refused(Refused::NotReceived)));
        assert_eq!(mv(Status::Accepted, Some(Closed), Substatus::Expired), Err(MoveError::Refused(Refused::SystemOnly)));
        assert_eq!(mv(Status::Won, Some(Closed), Substatus::Lost), Err(MoveError::Refused(Refused::Terminal)));
        assert_eq!(mv(Status::Won, Some(Active), Substatus::Accepted), Err(MoveError::Refused(Refused::Terminal)));
        assert_eq!(
            mv(Status::Accepted, Some(Active), Substatus::Won),
            Err(MoveError::Mismatch { status: Active, substatus: Substatus::Won })
        );
        assert_eq!(mv(Status::Received, None, Substatus::Pending), Err(MoveError::Refused(Refused::SystemOnly)));
    }
}
