//! The solution catalog as the wizard sees it (R-CAT-1, R-CAT-2).

use super::deal::HelpNeeded;
use serde::{Deserialize, Serialize};

/// R-CAT-1: the incentive programs; only these three make a deal registrable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Incentive {
    AzureIpCoSell,
    BizAppsPremium,
    BizAppsStandard,
}

impl Incentive {
    pub fn as_str(&self) -> &'static str {
        match self {
            Incentive::AzureIpCoSell => "AzureIpCoSell",
            Incentive::BizAppsPremium => "BizAppsPremium",
            Incentive::BizAppsStandard => "BizAppsStandard",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        [Incentive::AzureIpCoSell, Incentive::BizAppsPremium, Incentive::BizAppsStandard]
            .into_iter()
            .find(|i| i.as_str() == text)
    }
}

/// R-CAT-2: the four groups the wizard offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SolutionCategory {
    Own,
    Microsoft,
    ThirdParty,
    Assessment,
}

impl SolutionCategory {
    pub const ALL: [SolutionCategory; 4] =
        [SolutionCategory::Own, SolutionCategory::Microsoft, SolutionCategory::ThirdParty, SolutionCategory::Assessment];
}

/// A catalog entry, from the viewpoint of the org creating a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolutionInfo {
    pub id: String,
    pub name: String,
    pub owner_name: String,
    pub category: SolutionCategory,
    pub incentive: Option<Incentive>,
}

/// R-NEW-4: whether a list of chosen solution ids names one solution twice.
pub fn has_repeats<'a>(ids: impl IntoIterator<Item = &'a str>) -> bool {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().any(|id| !seen.insert(id))
}

/// How a catalog row relates to the org looking at it (R-CAT-2); `None` when it is not offered
/// (another partner's solution that is not co-sell ready).
pub fn categorize(
    is_assessment: bool,
    owner_is_microsoft: bool,
    owned_by_viewer: bool,
    co_sell_ready: bool,
) -> Option<SolutionCategory> {
    match (is_assessment, owner_is_microsoft, owned_by_viewer, co_sell_ready) {
        (true, _, _, _) => Some(SolutionCategory::Assessment),
        (false, true, _, _) => Some(SolutionCategory::Microsoft),
        (false, false, true, true) => Some(SolutionCategory::Own),
        (false, false, false, true) => Some(SolutionCategory::ThirdParty),
        (false, false, _, false) => None,
    }
}

/// Whether any chosen solution carries an IP incentive (R-REG-1 input, R-TYPE-1 warning).
pub fn any_incentive(solutions: &[SolutionInfo]) -> bool {
    solutions.iter().any(|s| s.incentive.is_some())
}

/// Labels are translated in the UI; this keeps the order of Q-HELP's answers in one place.
pub fn help_options() -> &'static [HelpNeeded] {
    HelpNeeded::ALL
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-CAT-2: the four groups, and a partner's not-co-sell-ready solution is not offered.
    #[test]
    fn categories() {
        assert_eq!(categorize(false, false, true, true), Some(SolutionCategory::Own));
        assert_eq!(categorize(false, false, true, false), None);
        assert_eq!(categorize(false, true, false, true), Some(SolutionCategory::Microsoft));
        assert_eq!(categorize(false, false, false, true), Some(SolutionCategory::ThirdParty));
        assert_eq!(categorize(false, false, false, false), None);
        assert_eq!(categorize(true, true, false, true), Some(SolutionCategory::Assessment));
    }

    // R-CAT-1: only the three IP incentives exist.
    #[test]
    fn incentives() {
        assert_eq!(Incentive::parse("AzureIpCoSell"), Some(Incentive::AzureIpCoSell));
        assert_eq!(Incentive::parse("Other"), None);
    }
}
