//! The deal team (R-NEW-3, R-LIFE-6): who works the deal for each company, the one parser of a
//! member as typed, and the rules of adding, correcting and removing members.

use super::fields::{Email, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use super::refusal::Refused;
use serde::{Deserialize, Serialize};

/// R-NEW-3.
pub const MAX_TEAM: usize = 50;

/// A team member as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: PersonName,
    pub phone: Phone,
    pub email: Email,
}

/// A team member and the company they belong to (R-LIFE-6: each company edits only its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: TeamMember,
    pub org_id: String,
}

/// The members as typed, parsed; each problem names the member's field by position. `first` is
/// the position of `drafts[0]` among the fields shown.
pub fn parse(drafts: &[MemberDraft], first: usize, issues: &mut Issues) -> Vec<TeamMember> {
    drafts
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let i = first + i;
            let name = issues.take(Field::MemberName(i), PersonName::parse(&m.name));
            let phone = issues.take(Field::MemberPhone(i), Phone::parse(&m.phone));
            let email = issues.take(Field::MemberEmail(i), Email::parse(&m.email));
            Some(TeamMember { name: name?, phone: phone?, email: email? })
        })
        .collect()
}

/// R-NEW-3: one to fifty members.
pub fn size_issue(count: usize) -> Option<Code> {
    match count {
        0 => Some(Code::NeedOneMember),
        n if n > MAX_TEAM => Some(Code::TooManyMembers { max: MAX_TEAM }),
        _ => None,
    }
}

fn size_ok(count: usize) -> Result<(), Refused> {
    size_issue(count).map_or(Ok(()), |code| Err(Refused::Invalid(Issues::one(Field::Team, code))))
}

/// R-LIFE-6: the acting company adds its own people.
pub fn add(team: &mut Vec<Member>, people: &[TeamMember], org_id: &str) -> Result<(), Refused> {
    size_ok(team.len() + people.len())?;
    team.extend(people.iter().map(|p| Member { person: p.clone(), org_id: org_id.to_string() }));
    Ok(())
}

/// R-LIFE-6: a company corrects one of its own members in place.
pub fn change(team: &mut [Member], index: usize, person: &TeamMember, org_id: &str) -> Result<(), Refused> {
    own(team, index, org_id)?;
    team[index].person = person.clone();
    Ok(())
}

/// R-NEW-3, R-LIFE-6: one of the company's own members leaves; the team never empties.
pub fn remove(team: &mut Vec<Member>, index: usize, org_id: &str) -> Result<(), Refused> {
    own(team, index, org_id)?;
    if team.len() == 1 {
        return Err(Refused::LastMember);
    }
    team.remove(index);
    Ok(())
}

fn own(team: &[Member], index: usize, org_id: &str) -> Result<(), Refused> {
    match team.get(index) {
        None => Err(Refused::NoSuchMember),
        Some(m) if m.org_id != org_id => Err(Refused::OtherCompanysMember),
        Some(_) => Ok(()),
    }
}

/// The deal team's people whose e-mails are listed, in that order; `None` when one is not on it.
pub fn pick<'a>(team: impl Iterator<Item = &'a TeamMember> + Clone, emails: &[String]) -> Option<Vec<TeamMember>> {
    emails
        .iter()
        .map(|e| team.clone().find(|p| p.email.normalized() == e.trim().to_lowercase()).cloned())
        .collect()
}
