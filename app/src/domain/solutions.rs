//! The solutions a deal brings (R-NEW-4, R-TYPE-5, R-ORG-6): the one picker from the catalog and
//! the one check of what a list of solutions may hold, for the wizard, the deal page and
//! invitations alike.

use super::catalog::{SolutionCategory, SolutionInfo, has_repeats};
use super::issues::{Code, Field, Issues};
use super::refusal::Refused;

/// R-NEW-4.
pub const MAX_SOLUTIONS: usize = 50;

/// The catalog entries behind the ids, in their order; an id twice or outside the catalog is an
/// error on the field.
pub fn pick(ids: &[String], catalog: &[SolutionInfo], field: Field, issues: &mut Issues) -> Vec<SolutionInfo> {
    let picked: Vec<SolutionInfo> = ids.iter().filter_map(|id| catalog.iter().find(|s| &s.id == id).cloned()).collect();
    if has_repeats(ids.iter().map(String::as_str)) {
        issues.error(field, Code::DuplicateSolution);
    } else if picked.len() != ids.len() {
        issues.error(field, Code::SolutionUnavailable);
    }
    picked
}

/// R-NEW-4, R-TYPE-5: one to fifty solutions chosen (`chosen`, available or not), and an
/// assessment stands alone.
pub fn issues_of(solutions: &[SolutionInfo], chosen: usize, field: Field, issues: &mut Issues) {
    match chosen {
        0 => issues.error(field, Code::NeedOneSolution),
        n if n > MAX_SOLUTIONS => issues.error(field, Code::TooManySolutions { max: MAX_SOLUTIONS }),
        _ => {}
    }
    if chosen > 1 && solutions.iter().any(is_assessment) {
        issues.error(field, Code::AssessmentAlone);
    }
}

pub fn is_assessment(s: &SolutionInfo) -> bool {
    s.category == SolutionCategory::Assessment
}

/// R-NEW-4, R-TYPE-5: what a deal's solutions may become; an assessment deal keeps exactly its one
/// assessment and no other deal gains one.
pub fn check_change(deal_is_assessment: bool, solutions: &[SolutionInfo]) -> Result<(), Refused> {
    let mut issues = Issues::default();
    if has_repeats(solutions.iter().map(|s| s.id.as_str())) {
        issues.error(Field::Solutions, Code::DuplicateSolution);
    }
    issues_of(solutions, solutions.len(), Field::Solutions, &mut issues);
    if !deal_is_assessment && solutions.iter().any(is_assessment) {
        issues.error(Field::Solutions, Code::AssessmentKindFixed);
    }
    if deal_is_assessment && !solutions.iter().any(is_assessment) {
        issues.error(Field::Solutions, Code::AssessmentKindFixed);
    }
    if issues.has_errors() { Err(Refused::Invalid(issues)) } else { Ok(()) }
}
