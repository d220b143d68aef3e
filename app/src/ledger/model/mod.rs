//! Ledger types and the status machine, checked the same on the phone and the server: the
//! machine (`machine`), the forms (`forms`) and what the pages show (`views`).
mod forms;
mod machine;
mod views;

pub use forms::*;
pub use machine::*;
pub use views::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;
    use chrono::NaiveDate;

    /// Every legal step, and where it leads.
    const LEGAL: &[(Status, Step, Status)] = &[
        (Status::New, Step::Assign, Status::Assigned),
        (Status::Assigned, Step::Assign, Status::Assigned),
        (Status::InProgress, Step::Assign, Status::InProgress),
        (Status::Assigned, Step::Start, Status::InProgress),
        (Status::InProgress, Step::Resolve, Status::Resolved),
        (Status::Resolved, Step::Close, Status::Closed),
        (Status::Resolved, Step::Reopen, Status::InProgress),
        (Status::Closed, Step::Reopen, Status::InProgress),
    ];

    #[test]
    fn every_legal_step_leads_where_it_should() {
        for (from, step, to) in LEGAL {
            assert_eq!(next(*from, *step), Ok(*to), "{from:?} --{step:?}-->");
        }
    }

    #[test]
    fn every_other_step_is_refused_with_a_translated_reason() {
        let mut refused = 0;
        for from in Status::ALL {
            for step in Step::ALL {
                if LEGAL.iter().any(|(f, s, _)| *f == from && *s == step) {
                    continue;
                }
                let reason =
                    next(from, step).expect_err(&format!("{from:?} --{step:?}--> must be refused"));
                assert!(reason.key().starts_with("Ledger"), "{reason:?}");
                assert!(!reason.text(crate::i18n::Locale::Zh).is_empty());
                refused += 1;
            }
        }
        // 5 statuses × 5 steps, less the 8 legal ones.
        assert_eq!(refused, 25 - LEGAL.len());
    }

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
        assert_eq!(Kind::parse("gossip"), None);
        assert!(!Status::Resolved.open() && Status::InProgress.open());
        assert!(Kind::Commitment.villager_facing() && !Kind::Hazard.villager_facing());
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn who_may_take_which_step() {
        assert_eq!(offered(Actor::Office, Status::New), vec![Step::Assign]);
        assert_eq!(offered(Actor::Owner, Status::New), Vec::<Step>::new());
        assert_eq!(offered(Actor::Owner, Status::Assigned), vec![Step::Start]);
        assert_eq!(
            offered(Actor::Office, Status::InProgress),
            vec![Step::Assign, Step::Resolve]
        );
        assert_eq!(
            offered(Actor::Owner, Status::Resolved),
            vec![Step::Close, Step::Reopen]
        );
        for s in Status::ALL {
            assert!(offered(Actor::Other, s).is_empty());
        }
    }

    #[test]
    fn closing_a_villagers_matter_needs_their_confirmation_and_a_note() {
        let today = day(2026, 11, 27);
        let close = |confirmation: &str, note: &str| StepForm {
            step: "close".into(),
            confirmation: confirmation.into(),
            note: note.into(),
            ..Default::default()
        };
        let errs = Action::parse(&close("", ""), Kind::Commitment, today).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["note", "confirmation"]);
        assert_eq!(errs[0].msg, Msg::ValLedgerCloseNote);
        assert!(Action::parse(&close("", "已修复"), Kind::Hazard, today).is_ok());
        assert_eq!(
            Action::parse(&close("callback", "电话回访满意"), Kind::Petition, today),
            Ok(Action::Close {
                confirmation: Some(Confirmation::Callback),
                note: "电话回访满意".into()
            })
        );
    }

    #[test]
    fn assigning_needs_an_owner_and_a_deadline_not_in_the_past() {
        let today = day(2026, 11, 27);
        let assign = |owner: &str, deadline: &str| StepForm {
            step: "assign".into(),
            owner: owner.into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        let errs = Action::parse(&assign("", "2026-11-26"), Kind::Dispute, today).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[1].msg, Msg::ValDeadlinePast);
        assert!(Action::parse(&assign("7", "2026-11-27"), Kind::Dispute, today).is_ok());
        let resolve = StepForm {
            step: "resolve".into(),
            ..Default::default()
        };
        assert_eq!(
            Action::parse(&resolve, Kind::ProxyService, today).unwrap_err()[0].msg,
            Msg::ValLedgerProof
        );
        let bogus = StepForm {
            step: "delete".into(),
            ..Default::default()
        };
        assert!(Action::parse(&bogus, Kind::Dispute, today).is_err());
    }

    #[test]
    fn a_new_item_names_its_place_and_pairs_owner_with_deadline() {
        let today = day(2026, 11, 27);
        let mut f = ItemForm {
            kind: "commitment".into(),
            title: "修通组道".into(),
            ..Default::default()
        };
        let errs = f.parse(today).unwrap_err();
        assert_eq!(errs[0].msg, Msg::ValLedgerPlace);
        f.village = "3".into();
        assert_eq!(f.parse(today).unwrap().assign, None);
        f.deadline = "2026-12-31".into();
        assert_eq!(f.parse(today).unwrap_err()[0].field, "owner");
        f.owner = "12".into();
        assert_eq!(
            f.parse(today).unwrap().assign,
            Some((12, day(2026, 12, 31)))
        );
        f.kind = "gossip".into();
        assert_eq!(f.parse(today).unwrap_err()[0].field, "kind");
    }

    #[test]
    fn due_dates_read_as_overdue_soon_or_later() {
        let today = day(2026, 11, 27);
        let d = |s: Status, dl: NaiveDate| due(s, Some(dl), today);
        assert_eq!(d(Status::Assigned, day(2026, 11, 24)), Due::Overdue(3));
        assert_eq!(d(Status::InProgress, day(2026, 11, 27)), Due::Soon(0));
        assert_eq!(d(Status::InProgress, day(2026, 11, 30)), Due::Soon(3));
        assert_eq!(d(Status::InProgress, day(2026, 12, 1)), Due::Later);
        assert_eq!(d(Status::Resolved, day(2026, 11, 1)), Due::None);
        assert_eq!(due(Status::New, None, today), Due::None);
    }
}
