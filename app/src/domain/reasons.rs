//! Enumerated decline and lost reasons (X-REASONS), so outcomes can be counted and compared.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeclineReason {
    NotAFit,
    NoCapacity,
    CustomerNotInterested,
    Duplicate,
    InsufficientInformation,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LostReason {
    LostToCompetitor,
    NoBudget,
    NoDecision,
    Timing,
    CustomerWentDirect,
    Other,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 6] = [
        DeclineReason::NotAFit,
        DeclineReason::NoCapacity,
        DeclineReason::CustomerNotInterested,
        DeclineReason::Duplicate,
        DeclineReason::InsufficientInformation,
        DeclineReason::Other,
    ];
}

impl LostReason {
    pub const ALL: [LostReason; 6] = [
        LostReason::LostToCompetitor,
        LostReason::NoBudget,
        LostReason::NoDecision,
        LostReason::Timing,
        LostReason::CustomerWentDirect,
        LostReason::Other,
    ];
}
