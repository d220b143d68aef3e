//! Household types and their parsing; shared by the server and the browser.
use crate::i18n::Msg;
use crate::model::{optional, required, IdNumber, Phone};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    by_name:
    /// The five difficulties of a poor household (五难: 吃饭、上学、看病、饮水、住房).
    pub enum Difficulty {
        Food = "food" | "吃饭" | "吃饭难" => DiffFood,
        Schooling = "schooling" | "上学" | "上学难" => DiffSchooling,
        Medical = "medical" | "看病" | "看病难" => DiffMedical,
        Water = "water" | "饮水" | "饮水难" => DiffWater,
        Housing = "housing" | "住房" | "住房难" => DiffHousing,
    }
}

crate::code_enum! {
    by_name:
    pub enum Tag {
        /// 困难户
        Poor = "poor" | "困难户" | "贫困户" => TagPoor,
        /// 社会贤达
        Notable = "notable" | "社会贤达" => TagNotable,
        /// 重点信访
        KeyPetitioner = "petitioner" | "重点信访" | "重点信访户" => TagPetitioner,
    }
}

crate::code_enum! {
    by_name:
    /// A household fact a cadre may correct from the field.
    pub enum HouseholdField {
        Population = "population" => FieldPopulation,
        Economy = "economy" => FieldEconomy,
        IncomeSources = "income_sources" => FieldIncome,
        FamilyPlanning = "family_planning" => FieldFamilyPlanning,
        SocialRelations = "social_relations" => FieldRelations,
        Phone = "phone" => FieldPhone,
    }
}

impl HouseholdField {
    /// The household's current value of this field, as text.
    pub fn value_of(self, h: &OfflineHousehold) -> String {
        match self {
            HouseholdField::Population => h.population.to_string(),
            HouseholdField::Economy => h.economy.clone(),
            HouseholdField::IncomeSources => h.income_sources.clone(),
            HouseholdField::FamilyPlanning => h.family_planning.clone(),
            HouseholdField::SocialRelations => h.social_relations.clone(),
            HouseholdField::Phone => h.phone.clone(),
        }
    }

    /// The value in its stored form, or why it cannot be stored.
    pub fn normalise(self, raw: &str) -> Result<String, Msg> {
        match self {
            HouseholdField::Population => raw
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=50).contains(n))
                .map(|n| n.to_string())
                .ok_or(Msg::ValPopulation),
            HouseholdField::Phone if raw.trim().is_empty() => Ok(String::new()),
            HouseholdField::Phone => {
                crate::model::Phone::parse(raw).map(|p| p.as_str().to_string())
            }
            _ => optional(raw, FACT_MAX).map(Option::unwrap_or_default),
        }
    }
}

/// The longest household fact, in characters.
pub const FACT_MAX: usize = 500;

/// Splits a cell on the separators people use in Chinese and English sheets.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['、', ',', '，', ';', '；', ' ', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// One line of the household list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    pub id: i64,
    pub head_name: String,
    pub village: String,
    pub group: String,
    pub population: i64,
    pub tags: Vec<Tag>,
    pub cadres: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    /// Absent from households a phone stored before members had it.
    #[serde(default)]
    pub id: i64,
    pub name: String,
    pub relation: String,
    pub birth_year: Option<i64>,
    /// Only ever the masked form: the full number does not leave the server.
    pub id_masked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadreRef {
    pub id: i64,
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdDetail {
    pub id: i64,
    pub head_name: String,
    pub village: String,
    pub group: String,
    pub phone: String,
    pub population: i64,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub tags: Vec<Tag>,
    pub difficulties: Vec<Difficulty>,
    pub members: Vec<MemberView>,
    pub cadres: Vec<CadreRef>,
}

/// What a phone may hold about one of its cadre's households: the facts it works with and
/// the members' names, never an ID number (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineHousehold {
    pub id: i64,
    pub head_name: String,
    pub village: String,
    pub group: String,
    pub phone: String,
    pub population: i64,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub tags: Vec<Tag>,
    pub difficulties: Vec<Difficulty>,
    pub members: Vec<(String, String, Option<i64>)>,
}

impl From<HouseholdDetail> for OfflineHousehold {
    fn from(h: HouseholdDetail) -> Self {
        OfflineHousehold {
            id: h.id,
            head_name: h.head_name,
            village: h.village,
            group: h.group,
            phone: h.phone,
            population: h.population,
            economy: h.economy,
            income_sources: h.income_sources,
            family_planning: h.family_planning,
            social_relations: h.social_relations,
            tags: h.tags,
            difficulties: h.difficulties,
            members: h
                .members
                .into_iter()
                .map(|m| (m.name, m.relation, m.birth_year))
                .collect(),
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        let per = self.per_page.max(1);
        (self.total.max(0) as u32).div_ceil(per).max(1)
    }
}

pub const PER_PAGE: u32 = 20;

/// The list's filters, parsed from the query string; anything unparsable is dropped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HouseholdQuery {
    pub q: String,
    pub village: Option<i64>,
    pub tag: Option<Tag>,
    pub page: u32,
}

impl HouseholdQuery {
    pub fn parse(q: &str, village: &str, tag: &str, page: &str) -> Self {
        HouseholdQuery {
            q: search_text(q),
            village: village.parse().ok(),
            tag: Tag::parse(tag),
            page: page.parse().unwrap_or(1).max(1),
        }
    }
}

/// The search box's text as the stored values read: a phone or ID number however typed
/// becomes its digits, anything else a person's name in its stored form.
fn search_text(q: &str) -> String {
    let id = crate::normalize::identifier(q);
    let folded = if id.chars().any(|c| c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_digit() || c == 'X')
    {
        id
    } else {
        crate::normalize::person_name(q)
    };
    folded.chars().take(50).collect()
}

/// A member as entered: name/relation/birth year/ID number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub name: String,
    pub relation: String,
    pub birth_year: Option<i32>,
    pub id_number: Option<IdNumber>,
}

/// A household ready to be stored; the village, group and cadres are still names and
/// phone numbers, resolved by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewHousehold {
    pub village: String,
    pub group: String,
    pub head_name: String,
    pub head_id: Option<IdNumber>,
    /// When no ID number gives it (an export lists it beside the head's masked number).
    #[serde(default)]
    pub head_birth_year: Option<i32>,
    pub phone: Option<Phone>,
    pub population: u32,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub tags: Vec<Tag>,
    pub difficulties: Vec<Difficulty>,
    pub members: Vec<NewMember>,
    pub cadre_phones: Vec<Phone>,
}

pub fn parse_population(raw: &str, members: usize) -> Result<u32, Msg> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(members as u32 + 1);
    }
    match s.parse::<u32>() {
        Ok(n) if (1..=50).contains(&n) && n as usize > members => Ok(n),
        Ok(n) if (1..=50).contains(&n) => Err(Msg::ValPopulationMembers),
        _ => Err(Msg::ValPopulation),
    }
}

/// `姓名/关系/出生年份/身份证号` entries separated by `;`: the last two parts optional.
pub fn parse_members(raw: &str) -> Result<Vec<NewMember>, Msg> {
    raw.split([';', '；', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| {
            let parts: Vec<&str> = entry.split(['/', '／']).map(str::trim).collect();
            let name = parts
                .first()
                .map(|s| required(&crate::normalize::person_name(s), 20))
                .ok_or(Msg::ValMembers)?
                .map_err(|_| Msg::ValMembers)?;
            let relation = parts
                .get(1)
                .map(|s| required(s, 10))
                .ok_or(Msg::ValMembers)?
                .map_err(|_| Msg::ValMembers)?;
            let id_number = match parts.get(3).filter(|s| !s.is_empty()) {
                Some(s) => Some(IdNumber::parse(s).map_err(|_| Msg::ValMemberId)?),
                None => None,
            };
            let birth_year = match parts.get(2).filter(|s| !s.is_empty()) {
                Some(s) => Some(
                    s.parse::<i32>()
                        .ok()
                        .filter(|y| (1900..=2100).contains(y))
                        .ok_or(Msg::ValMembers)?,
                ),
                None => id_number.as_ref().map(IdNumber::birth_year),
            };
            if parts.len() > 4 {
                return Err(Msg::ValMembers);
            }
            Ok(NewMember {
                name,
                relation,
                birth_year,
                id_number,
            })
        })
        .collect()
}

pub fn parse_tags(raw: &str) -> Result<Vec<Tag>, Msg> {
    let mut tags = Vec::new();
    for part in split_list(raw) {
        let tag = Tag::parse(part).ok_or(Msg::ValTag)?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

pub fn parse_difficulties(raw: &str) -> Result<Vec<Difficulty>, Msg> {
    let mut out = Vec::new();
    for part in split_list(raw) {
        let d = Difficulty::parse(part).ok_or(Msg::ValDifficulty)?;
        if !out.contains(&d) {
            out.push(d);
        }
    }
    Ok(out)
}

pub fn optional_phone(raw: &str) -> Result<Option<Phone>, Msg> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Phone::parse(raw).map(Some)
    }
}

pub fn optional_id(raw: &str) -> Result<Option<IdNumber>, Msg> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        IdNumber::parse(raw).map(Some)
    }
}

pub fn long_text(raw: &str) -> Result<String, Msg> {
    Ok(optional(raw, 500)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_parse() {
        let m = parse_members("李四/配偶/1970；李小明/子女//11010519491231002X").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].birth_year, Some(1970));
        assert_eq!(m[1].birth_year, Some(1949));
        assert_eq!(parse_members("").unwrap(), vec![]);
        assert_eq!(parse_members("李四"), Err(Msg::ValMembers));
        assert_eq!(parse_members("李四/配偶/abc"), Err(Msg::ValMembers));
        assert_eq!(
            parse_members("李四/配偶/1970/110105194912310021"),
            Err(Msg::ValMemberId)
        );
    }

    #[test]
    fn tags_and_population() {
        assert_eq!(
            parse_tags("困难户、重点信访,困难户").unwrap(),
            vec![Tag::Poor, Tag::KeyPetitioner]
        );
        assert_eq!(parse_tags("富裕户"), Err(Msg::ValTag));
        assert_eq!(
            parse_difficulties("看病 住房").unwrap(),
            vec![Difficulty::Medical, Difficulty::Housing]
        );
        assert_eq!(parse_population("", 2), Ok(3));
        assert_eq!(parse_population("4", 2), Ok(4));
        assert_eq!(parse_population("2", 2), Err(Msg::ValPopulationMembers));
        assert_eq!(parse_population("0", 0), Err(Msg::ValPopulation));
        assert_eq!(parse_population("三", 0), Err(Msg::ValPopulation));
    }

    #[test]
    fn query_parsing_drops_junk() {
        let q = HouseholdQuery::parse(" 张 ", "x", "poor", "-1");
        assert_eq!(q.q, "张");
        assert_eq!(q.village, None);
        assert_eq!(q.tag, Some(Tag::Poor));
        assert_eq!(q.page, 1);
    }
}

/// The facts of a household the office may correct by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdFacts {
    pub head_name: String,
    pub phone: Option<Phone>,
    pub population: u32,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub tags: Vec<Tag>,
    pub difficulties: Vec<Difficulty>,
}

/// The edit form as posted: checkboxes arrive only when ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FactsForm {
    pub head_name: String,
    pub phone: String,
    pub population: String,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub tag_poor: Option<String>,
    pub tag_notable: Option<String>,
    pub tag_petitioner: Option<String>,
    pub diff_food: Option<String>,
    pub diff_schooling: Option<String>,
    pub diff_medical: Option<String>,
    pub diff_water: Option<String>,
    pub diff_housing: Option<String>,
}

impl FactsForm {
    /// Parses every field, reporting all problems at once; `members` is how many people
    /// (head included) are registered, which the population may not be below.
    pub fn parse(&self, members: usize) -> Result<HouseholdFacts, crate::error::AppError> {
        use crate::users::model::Errors;
        let mut e = Errors::default();
        let head_name = e.take(
            "head_name",
            required(&crate::normalize::person_name(&self.head_name), 20),
        );
        let phone = e.take("phone", optional_phone(&self.phone));
        let population = e.take(
            "population",
            parse_population(&self.population, members.saturating_sub(1)),
        );
        let economy = e.take("economy", long_text(&self.economy));
        let income_sources = e.take("income_sources", long_text(&self.income_sources));
        let family_planning = e.take("family_planning", long_text(&self.family_planning));
        let social_relations = e.take("social_relations", long_text(&self.social_relations));
        let on = |v: &Option<String>| v.is_some();
        let tags: Vec<Tag> = [
            (on(&self.tag_poor), Tag::Poor),
            (on(&self.tag_notable), Tag::Notable),
            (on(&self.tag_petitioner), Tag::KeyPetitioner),
        ]
        .into_iter()
        .filter_map(|(ticked, t)| ticked.then_some(t))
        .collect();
        let difficulties: Vec<Difficulty> = [
            (on(&self.diff_food), Difficulty::Food),
            (on(&self.diff_schooling), Difficulty::Schooling),
            (on(&self.diff_medical), Difficulty::Medical),
            (on(&self.diff_water), Difficulty::Water),
            (on(&self.diff_housing), Difficulty::Housing),
        ]
        .into_iter()
        .filter_map(|(ticked, d)| ticked.then_some(d))
        .collect();
        let diff_ok = e.take(
            "difficulties",
            if difficulties.is_empty() || tags.contains(&Tag::Poor) {
                Ok(())
            } else {
                Err(Msg::ValDifficultyNotPoor)
            },
        );
        let value = (|| {
            diff_ok?;
            Some(HouseholdFacts {
                head_name: head_name?,
                phone: phone?,
                population: population?,
                economy: economy?,
                income_sources: income_sources?,
                family_planning: family_planning?,
                social_relations: social_relations?,
                tags,
                difficulties,
            })
        })();
        e.finish(value)
    }
}

#[cfg(test)]
mod facts_tests {
    use super::*;

    #[test]
    fn facts_form_collects_errors_and_reads_checkboxes() {
        let form = FactsForm {
            head_name: "张三".into(),
            population: "1".into(),
            diff_water: Some("on".into()),
            ..Default::default()
        };
        let err = form.parse(2).unwrap_err();
        assert_eq!(err.field("population"), Some(Msg::ValPopulationMembers));
        assert_eq!(err.field("difficulties"), Some(Msg::ValDifficultyNotPoor));
        let form = FactsForm {
            head_name: "张三".into(),
            phone: "13812345678".into(),
            population: "3".into(),
            tag_poor: Some("on".into()),
            diff_water: Some("on".into()),
            ..Default::default()
        };
        let facts = form.parse(2).unwrap();
        assert_eq!(facts.tags, vec![Tag::Poor]);
        assert_eq!(facts.difficulties, vec![Difficulty::Water]);
        assert_eq!(facts.population, 3);
    }
}

/// One side of a clash: a value, the device time it was seen, and who saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClashSide {
    pub value: String,
    pub device_time: chrono::DateTime<chrono::Utc>,
    pub cadre: String,
}

/// Two devices disagreeing on one household fact; `kept` was in place when `other` arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldClash {
    pub id: i64,
    pub household_id: i64,
    pub head_name: String,
    pub village: String,
    pub field: HouseholdField,
    pub kept: ClashSide,
    pub other: ClashSide,
}
