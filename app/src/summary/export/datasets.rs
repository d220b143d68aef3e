//! The datasets as sheets: each one's columns and title, and its rows read from the database
//! (through the capabilities' own reads where they have them), masked by role.
use super::sink::{Sink, Stop};
use crate::i18n::{Locale, Msg};
use crate::state::AppState;
use crate::summary::db;
use crate::summary::model::*;
use crate::summary::sheet::{Cell, Column};
use futures_util::TryStreamExt;

const fn c(header: &'static str, width: u8) -> Column {
    Column { header, width }
}

const HOUSEHOLDS: &[Column] = &[
    c("村", 10),
    c("村民小组", 9),
    c("户主", 10),
    c("家庭人口", 8),
    c("联系电话", 14),
    c("经济状况", 10),
    c("收入来源", 18),
    c("计划生育", 12),
    c("社会关系", 18),
    c("困难户", 7),
    c("困难类型", 14),
    c("标签", 12),
    c("家庭成员（姓名/关系/出生年/身份证号）", 44),
    c("联系干部", 12),
];
const VISITS: &[Column] = &[
    c("村", 10),
    c("村民小组", 9),
    c("户主", 10),
    c("走访干部", 10),
    c("走访时间", 17),
    c("走访方式", 9),
    c("走访内容", 30),
    c("走访过程", 24),
    c("走访结果", 24),
    c("反映的问题", 28),
    c("需跟进", 7),
    c("上传时间", 17),
    c("照片", 6),
];
const ITEMS: &[Column] = &[
    c("类别", 10),
    c("事项", 28),
    c("详细情况", 36),
    c("村", 10),
    c("农户", 10),
    c("来源", 10),
    c("包案人", 10),
    c("完成时限", 12),
    c("状态", 9),
    c("登记时间", 17),
    c("最近更新", 17),
];
const FEEDBACK: &[Column] = &[
    c("类别", 10),
    c("回执码", 11),
    c("收到时间", 17),
    c("反映内容", 40),
    c("反映人", 9),
    c("联系电话", 14),
    c("渠道", 10),
    c("所涉干部", 10),
    c("村", 10),
    c("状态", 9),
];

const COMPLIANCE: &[Column] = &[
    c("事项", 26),
    c("方案条款", 14),
    c("对象", 12),
    c("截止日", 12),
    c("状态", 9),
    c("已有", 7),
    c("应有", 7),
];

const VILLAGE_WORK: &[Column] = &[
    c("村", 10),
    c("类别", 14),
    c("日期", 12),
    c("事项", 28),
    c("详细情况", 44),
    c("金额（元）", 14),
    c("记录人", 10),
    c("照片", 6),
];

impl Dataset {
    pub(super) fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Households => HOUSEHOLDS,
            Dataset::Visits => VISITS,
            Dataset::Ledger => ITEMS,
            Dataset::Feedback => FEEDBACK,
            Dataset::Compliance => COMPLIANCE,
            Dataset::VillageWork => VILLAGE_WORK,
        }
    }

    pub(super) fn title(self) -> &'static str {
        match self {
            Dataset::Households => "农户花名册",
            Dataset::Visits => "民情日记",
            Dataset::Ledger => "民情台账",
            Dataset::Feedback => "群众意见反馈",
            Dataset::Compliance => "履职情况",
            Dataset::VillageWork => "四帮扶工作台账",
        }
    }

    /// Whether the month filters it: visits, feedback and the obligations are monthly; the
    /// household register and the running ledger are exported as they stand.
    pub(super) fn monthly(self) -> bool {
        matches!(
            self,
            Dataset::Visits | Dataset::Feedback | Dataset::Compliance
        )
    }
}

pub(super) struct Job {
    pub(super) state: AppState,
    pub(super) filter: Filter,
    pub(super) masked: bool,
    pub(super) me: i64,
}

/// A message as the ledgers print it: in Chinese.
fn zh(m: Msg) -> String {
    m.text(Locale::Zh).to_string()
}

impl Job {
    pub(super) async fn run(self, dataset: Dataset, mut sink: Sink) -> Result<(), Stop> {
        let result = match dataset {
            Dataset::Households => self.households(&mut sink).await,
            Dataset::Visits => self.visits(&mut sink).await,
            Dataset::Ledger => self.items(&mut sink).await,
            Dataset::Feedback => self.feedback(&mut sink).await,
            Dataset::Compliance => self.compliance(&mut sink).await,
            Dataset::VillageWork => self.village_work(&mut sink).await,
        };
        match result {
            Ok(()) => sink.finish().await,
            Err(e) => {
                sink.fail().await;
                Err(e)
            }
        }
    }

    fn phone(&self, p: &str) -> Cell {
        Cell::text(if self.masked {
            mask_phone(p)
        } else {
            p.to_string()
        })
    }

    /// The four helps' records as they stand, a sheet per register (两委班子, 三会一课 …).
    async fn village_work(&self, sink: &mut Sink) -> Result<(), Stop> {
        let villages: Vec<(i64, String)> = crate::villages::api::all(&self.state)
            .await?
            .into_iter()
            .filter(|v| self.filter.village.is_none_or(|id| id == v.id))
            .map(|v| (v.id, v.name))
            .collect();
        let mut lines = crate::organisation::api::ledger_lines(&self.state, &villages).await?;
        lines.extend(crate::economy::api::ledger_lines(&self.state, &villages).await?);
        lines.extend(crate::safety::api::ledger_lines(&self.state, &villages).await?);
        lines.extend(crate::environment::api::ledger_lines(&self.state, &villages).await?);
        let photos = crate::photos::api::counts(&self.state).await?;
        for l in lines {
            let n = photos.get(&l.record).copied().unwrap_or(0);
            let cells = vec![
                Cell::text(l.village),
                Cell::text(l.kind),
                Cell::opt_date(l.on),
                Cell::text(l.subject),
                Cell::text(l.detail),
                l.amount_fen
                    .map_or(Cell::Empty, |f| Cell::text(crate::model::Fen(f).yuan())),
                Cell::text(l.by),
                Cell::Int(n),
            ];
            sink.row(l.sheet, cells).await?;
        }
        Ok(())
    }

    /// The month's obligation instances, a sheet per obligation.
    async fn compliance(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::obligations::model::Scope;
        let instances = crate::obligations::api::month_instances(
            &self.state,
            self.filter.month.last_day(),
            self.filter.village,
        )
        .await?;
        for (row, cell) in instances {
            let subject = match row.subject.scope {
                Scope::Bureau => "全局".to_string(),
                _ => row.subject.name,
            };
            let cells = vec![
                Cell::text(&row.title),
                Cell::text(row.clause),
                Cell::text(subject),
                Cell::Date(cell.due),
                Cell::text(zh(cell.state.label())),
                Cell::Int(cell.have),
                // A range ("1–2") is text; a plain count stays a number.
                match cell.upto {
                    Some(_) => Cell::text(cell.target()),
                    None => Cell::Int(cell.need),
                },
            ];
            sink.row(&row.title, cells).await?;
        }
        Ok(())
    }

    /// The roster, village by village. Members and cadres are read for a batch of
    /// households at a time, so memory stays flat however large the registry.
    async fn households(&self, sink: &mut Sink) -> Result<(), Stop> {
        const BATCH: usize = 500;
        let pool = self.state.db.read();
        let mut rows = db::households(pool, self.filter.village);
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let next = rows.try_next().await?;
            let end = next.is_none();
            batch.extend(next);
            if batch.len() == BATCH || (end && !batch.is_empty()) {
                self.household_rows(std::mem::take(&mut batch), sink)
                    .await?;
            }
            if end {
                return Ok(());
            }
        }
    }

    async fn household_rows(
        &self,
        batch: Vec<db::HouseholdRow>,
        sink: &mut Sink,
    ) -> Result<(), Stop> {
        let pool = self.state.db.read();
        let ids: Vec<i64> = batch.iter().map(|h| h.id).collect();
        let mut cadres: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (h, name) in db::household_cadres(pool, &ids).await? {
            cadres.entry(h).or_default().push(name);
        }
        let mut members: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (h, name, relation, year, id) in db::members(pool, &ids).await? {
            let year = year.map(|y| y.to_string()).unwrap_or_default();
            members.entry(h).or_default().push(format!(
                "{name}/{relation}/{year}/{}",
                id.unwrap_or_default()
            ));
        }
        for h in batch {
            let difficulties: Vec<&str> = h
                .difficulties
                .split(',')
                .filter_map(crate::households::model::Difficulty::parse)
                .map(|d| d.label().text(Locale::Zh))
                .collect();
            let mut tags = Vec::new();
            if h.notable {
                tags.push("社会贤达");
            }
            if h.key_petitioner {
                tags.push("重点信访");
            }
            let cells = vec![
                Cell::text(&h.village),
                Cell::text(h.grp),
                Cell::text(h.head_name),
                Cell::Int(h.population),
                self.phone(&h.phone),
                Cell::text(h.economy),
                Cell::text(h.income_sources),
                Cell::text(h.family_planning),
                Cell::text(h.social_relations),
                Cell::yes_no(h.poor),
                Cell::text(difficulties.join("、")),
                Cell::text(tags.join("、")),
                Cell::text(members.remove(&h.id).unwrap_or_default().join("；")),
                Cell::text(cadres.remove(&h.id).unwrap_or_default().join("、")),
            ];
            sink.row(&h.village, cells).await?;
        }
        Ok(())
    }

    async fn visits(&self, sink: &mut Sink) -> Result<(), Stop> {
        let (from, to) = self.filter.month.bounds();
        let photos = crate::photos::api::counts(&self.state).await?;
        let mut rows = db::visits(self.state.db.read(), from, to, self.filter.village);
        while let Some(v) = rows.try_next().await? {
            let method = crate::visits::model::Method::parse(&v.method)
                .map_or(v.method.clone(), |m| zh(m.label()));
            let cells = vec![
                Cell::text(&v.village),
                Cell::text(v.grp),
                Cell::text(v.head_name),
                Cell::text(v.cadre),
                Cell::Time(v.visited_at),
                Cell::text(method),
                Cell::text(v.content),
                Cell::text(v.process),
                Cell::text(v.outcome),
                Cell::text(v.problems),
                Cell::yes_no(v.follow_up),
                Cell::Time(v.received_at),
                Cell::Int(photos.get(&v.id).copied().unwrap_or(0)),
            ];
            sink.row(&v.village, cells).await?;
        }
        Ok(())
    }

    async fn items(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::ledger::model::{Kind, Source, Status};
        let mut rows = db::items(self.state.db.read(), self.filter.village);
        while let Some(i) = rows.try_next().await? {
            let kind = Kind::parse(&i.kind).map_or(i.kind.clone(), |k| zh(k.label()));
            let cells = vec![
                Cell::text(&kind),
                Cell::text(i.title),
                Cell::text(i.detail),
                Cell::text(i.village.unwrap_or_default()),
                Cell::text(i.head_name.unwrap_or_default()),
                Cell::text(Source::parse(&i.source).map_or(i.source, |s| zh(s.label()))),
                Cell::text(i.owner.unwrap_or_default()),
                Cell::opt_date(i.deadline),
                Cell::text(Status::parse(&i.status).map_or(i.status, |s| zh(s.label()))),
                Cell::Time(i.created_at),
                Cell::Time(i.updated_at),
            ];
            sink.row(&kind, cells).await?;
        }
        Ok(())
    }

    async fn feedback(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::feedback::model::{Category, Channel, Status};
        let (from, to) = self.filter.month.bounds();
        // Only leaders export masked; their own conduct complaints stay out, as in their inbox.
        let hide = self.masked.then_some(self.me);
        let mut rows = db::feedback_rows(self.state.db.read(), from, to, self.filter.village, hide);
        while let Some(f) = rows.try_next().await? {
            let category =
                Category::parse(&f.category).map_or(f.category.clone(), |c| zh(c.label()));
            let name = if self.masked {
                mask_name(&f.name)
            } else {
                f.name.clone()
            };
            let cells = vec![
                Cell::text(&category),
                Cell::text(f.receipt),
                Cell::Time(f.received_at),
                Cell::text(f.content),
                Cell::text(name),
                self.phone(&f.phone),
                Cell::text(Channel::parse(&f.channel).map_or(f.channel, |c| zh(c.label()))),
                Cell::text(f.cadre.unwrap_or_default()),
                Cell::text(f.village.unwrap_or_default()),
                Cell::text(Status::parse(&f.status).map_or(f.status, |s| zh(s.label()))),
            ];
            sink.row(&category, cells).await?;
        }
        Ok(())
    }
}

/// `张三` → `张*`: the surname stays, so a leader can tell items apart without identifying
/// the villager.
fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            format!("{first}{}", "*".repeat(rest.max(1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_the_surname() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小红"), "欧***");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }
}
