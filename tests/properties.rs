//! Properties that must hold for any input, checked with proptest.

use std::path::Path;

use cxreport::aggregate::RunningTally;
use cxreport::privacy::hidden_siblings;
use cxreport::stats::{nps_difference, nps_estimate, proportion_difference, proportion_estimate};
use proptest::prelude::*;

proptest! {
    #[test]
    fn nps_lies_on_its_scale_and_inside_its_interval(
        // Small counts half the time: all-alike answers from a few people are the hard cases.
        promoters in prop_oneof![0u64..4, 0u64..5_000],
        passives in prop_oneof![0u64..4, 0u64..5_000],
        detractors in prop_oneof![0u64..4, 0u64..5_000],
        confidence in 0.8f64..0.995,
    ) {
        let n = promoters + passives + detractors;
        prop_assume!(n > 0);
        let e = nps_estimate(promoters, detractors, n, confidence).unwrap();
        prop_assert!((-100.0..=100.0).contains(&e.value));
        prop_assert!(-100.0 <= e.low && e.high <= 100.0);
        prop_assert!(e.low <= e.value && e.value <= e.high, "{e:?}");
    }

    #[test]
    fn a_percentage_lies_inside_its_wilson_interval(
        successes in prop_oneof![0u64..4, 0u64..10_000],
        failures in prop_oneof![0u64..4, 0u64..10_000],
        confidence in 0.8f64..0.995,
    ) {
        let n = successes + failures;
        prop_assume!(n > 0);
        let e = proportion_estimate(successes, n, confidence).unwrap();
        prop_assert!(0.0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 100.0);
    }

    #[test]
    fn a_change_lies_inside_its_interval(
        before in (prop_oneof![0u64..4, 0u64..2_000], prop_oneof![0u64..4, 0u64..2_000], prop_oneof![0u64..4, 0u64..2_000]),
        after in (prop_oneof![0u64..4, 0u64..2_000], prop_oneof![0u64..4, 0u64..2_000], prop_oneof![0u64..4, 0u64..2_000]),
        confidence in 0.8f64..0.995,
    ) {
        // (promoters, detractors, passives) for NPS; (successes, failures, _) for a percentage.
        let nps = |(p, d, m): (u64, u64, u64)| (p, d, p + d + m);
        if let Some(c) = nps_difference(nps(before), nps(after), confidence) {
            let e = c.estimate;
            prop_assert!(-200.0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 200.0, "{e:?}");
        }
        let share = |(x, f, _): (u64, u64, u64)| (x, x + f);
        if let Some(c) = proportion_difference(share(before), share(after), confidence) {
            let e = c.estimate;
            prop_assert!(-100.0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 100.0, "{e:?}");
        }
    }

    #[test]
    fn suppression_never_leaves_a_recoverable_sibling(
        sizes in proptest::collection::vec(0u64..40, 1..12),
        k in 3u64..11,
    ) {
        let hidden = hidden_siblings(&sizes, &vec![false; sizes.len()], k);
        let hidden_sizes: Vec<u64> =
            sizes.iter().zip(&hidden).filter(|(_, h)| **h).map(|(n, _)| *n).collect();
        // Every group below k is hidden.
        for (n, h) in sizes.iter().zip(&hidden) {
            prop_assert!(*h || *n >= k);
        }
        // Unless everything is hidden, the hidden ones are never one alone, nor fewer than k.
        if hidden_sizes.len() < sizes.len() {
            prop_assert!(hidden_sizes.len() != 1, "{sizes:?} → {hidden:?}");
            prop_assert!(hidden_sizes.is_empty() || hidden_sizes.iter().sum::<u64>() >= k);
        }
    }

    #[test]
    fn merging_partial_tallies_equals_tallying_everything(
        rows in proptest::collection::vec((0u8..=10, 1u32..=28, 1u32..=12, 0usize..3, any::<bool>()), 0..60),
        split in 0usize..60,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let split = split.min(rows.len());
        let csv = |rows: &[(u8, u32, u32, usize, bool)]| {
            let mut text = String::from("score,date,region,comment\n");
            for (score, day, month, region, comment) in rows {
                let comment = if *comment { format!("c{score}-{day}") } else { String::new() };
                text.push_str(&format!(
                    "{score},2024-{month:02}-{day:02},{},{comment}\n",
                    ["Oslo", "Bergen", "Tromsø"][*region]
                ));
            }
            text
        };
        std::fs::create_dir_all(dir.path().join("whole")).unwrap();
        std::fs::create_dir_all(dir.path().join("parts")).unwrap();
        std::fs::write(dir.path().join("whole/all.csv"), csv(&rows)).unwrap();
        std::fs::write(dir.path().join("parts/a.csv"), csv(&rows[..split])).unwrap();
        std::fs::write(dir.path().join("parts/b.csv"), csv(&rows[split..])).unwrap();

        let tally = |files: &str| {
            let text = format!(
                "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nfiles = \"{files}\"\n\
                 columns = {{ score = \"score\", date = \"date\", comment = \"comment\" }}\n\
                 dimensions = [{{ title = \"Region\", column = \"region\" }}]\n"
            );
            let config = cxreport::config::parse(&dir.path().join("c.toml"), &text).unwrap();
            let survey = &config.surveys[0];
            let mut whole = RunningTally::new(survey, &[]);
            cxreport::ingest::read_survey(Path::new(&config.root), survey, |row| whole.add(&row))
                .unwrap();
            whole
        };
        let whole = tally("whole/*.csv");
        let mut merged = tally("parts/a.csv");
        merged.merge(tally("parts/b.csv"));
        prop_assert_eq!(merged.finish(), whole.finish());
    }
}

/// The reader and detector on hostile bytes: seeds from every fixture, mutated, plus noise.
/// Nothing may panic; every outcome is figures or an error.
mod robustness {
    use super::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seeds = Vec::new();
        for sub in ["formats", "bad", "basic/data", "hostile/data"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                seeds.push(std::fs::read(entry.unwrap().path()).unwrap());
            }
        }
        seeds.sort();
        seeds
    }

    fn read(bytes: &[u8], settings: &str) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("in.csv"), bytes).unwrap();
        let text = format!(
            "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nfiles = \"in.csv\"\n\
             {settings}\ncolumns = {{ score = \"score\", date = \"date\", response_id = \"id\" }}\n\
             dimensions = [{{ title = \"Region\", column = \"region\" }}]\n"
        );
        let config = cxreport::config::parse(&dir.path().join("c.toml"), &text).unwrap();
        let survey = &config.surveys[0];
        let mut tally = RunningTally::new(survey, &[]);
        let _ = cxreport::ingest::read_survey(&config.root, survey, |row| tally.add(&row));
        let _ = cxreport::ingest::detect::detect(bytes, None, None);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn mutated_fixtures_never_panic(
            seed in 0usize..64,
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12),
            cut in any::<usize>(),
            lenient in any::<bool>(),
            header_rows in 1usize..4,
        ) {
            let seeds = seeds();
            let mut bytes = seeds[seed % seeds.len()].clone();
            for (at, byte) in edits {
                if !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] = byte;
                }
            }
            bytes.truncate(cut % (bytes.len() + 1));
            let mode = if lenient { "skip" } else { "fail" };
            read(&bytes, &format!("on_invalid = \"{mode}\"\nheader_rows = {header_rows}"));
        }

        #[test]
        fn noise_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            read(&bytes, "");
            read(&bytes, "on_invalid = \"skip\"\nencoding = \"utf-16le\"");
        }
    }
}
