//! Format presets: what each survey tool's export looks like.
//!
//! A preset knows how many header rows to skip, which columns usually hold the date and the
//! response id, and how dates are written. Everything a preset sets can be overridden in the
//! survey's configuration. Layouts come from the tools' public documentation and public parsers;
//! see docs/formats.md for each source and what is confirmed or inferred.

use csv::StringRecord;
use serde::Deserialize;

/// A survey tool's export layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Qualtrics CSV: ids, question texts, import ids (3 header rows).
    Qualtrics,
    /// Qualtrics before 2017: ids and question texts (2 header rows).
    QualtricsLegacy,
    /// SurveyMonkey: question texts, then answer labels (2 header rows); US dates.
    Surveymonkey,
    /// Typeform: one header row, `#` as the response token, UTC dates.
    Typeform,
    /// Google Forms: `Timestamp` in the form owner's locale (set `date_format`).
    GoogleForms,
    /// Microsoft Forms (Excel download saved as CSV): US short dates.
    MicrosoftForms,
    /// Formbricks: `Response ID` and `Timestamp`.
    Formbricks,
    /// Delighted: `Response ID`, `Score`, `Created At` as Unix time.
    Delighted,
    /// Netigate: one header row, background data as columns (no public layout; inferred).
    Netigate,
}

/// What a preset implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Header rows: the first holds the column names, the rest are skipped.
    pub header_rows: usize,
    /// The usual date column.
    pub date: Option<&'static str>,
    /// The usual response id column.
    pub response_id: Option<&'static str>,
    /// The usual score column, when the tool names it.
    pub score: Option<&'static str>,
    /// How dates are written, when the tool fixes it.
    pub date_format: Option<&'static str>,
    /// Whether the second header row names a matrix question's statements (and a multiple
    /// choice question's options) under the question's text, which stands above the first of
    /// its columns only: such columns are then named `question - statement`.
    pub statements_row: bool,
    /// Whether the second header row holds each column's question text (Qualtrics), which
    /// `cxreport columns` shows beside the column's name.
    pub questions_row: bool,
}

impl Format {
    /// The preset's settings.
    pub fn preset(self) -> Preset {
        let plain = Preset {
            header_rows: 1,
            date: None,
            response_id: None,
            score: None,
            date_format: None,
            statements_row: false,
            questions_row: false,
        };
        match self {
            Format::Qualtrics | Format::QualtricsLegacy => Preset {
                header_rows: if self == Format::Qualtrics { 3 } else { 2 },
                questions_row: true,
                date: Some("RecordedDate"),
                response_id: Some("ResponseId"),
                ..plain
            },
            Format::Surveymonkey => Preset {
                header_rows: 2,
                date: Some("End Date"),
                response_id: Some("Respondent ID"),
                date_format: Some("%m/%d/%Y %I:%M:%S %p"),
                statements_row: true,
                ..plain
            },
            Format::Typeform => Preset {
                date: Some("Submit Date (UTC)"),
                response_id: Some("#"),
                ..plain
            },
            Format::GoogleForms => Preset {
                date: Some("Timestamp"),
                ..plain
            },
            Format::MicrosoftForms => Preset {
                date: Some("Completion time"),
                response_id: Some("ID"),
                date_format: Some("%m/%d/%y %H:%M:%S"),
                ..plain
            },
            Format::Formbricks => Preset {
                date: Some("Timestamp"),
                response_id: Some("Response ID"),
                ..plain
            },
            Format::Delighted => Preset {
                date: Some("Created At"),
                response_id: Some("Response ID"),
                score: Some("Score"),
                date_format: Some("unix"),
                ..plain
            },
            Format::Netigate => plain,
        }
    }

    /// Every preset.
    pub const ALL: [Format; 9] = [
        Format::Qualtrics,
        Format::QualtricsLegacy,
        Format::Surveymonkey,
        Format::Typeform,
        Format::GoogleForms,
        Format::MicrosoftForms,
        Format::Formbricks,
        Format::Delighted,
        Format::Netigate,
    ];

    /// The tool's name, as its users know it.
    pub fn tool(self) -> &'static str {
        match self {
            Format::Qualtrics | Format::QualtricsLegacy => "Qualtrics",
            Format::Surveymonkey => "SurveyMonkey",
            Format::Typeform => "Typeform",
            Format::GoogleForms => "Google Forms",
            Format::MicrosoftForms => "Microsoft Forms",
            Format::Formbricks => "Formbricks",
            Format::Delighted => "Delighted",
            Format::Netigate => "Netigate",
        }
    }

    /// The preset's name in configuration.
    pub fn name(self) -> &'static str {
        match self {
            Format::Qualtrics => "qualtrics",
            Format::QualtricsLegacy => "qualtrics-legacy",
            Format::Surveymonkey => "surveymonkey",
            Format::Typeform => "typeform",
            Format::GoogleForms => "google-forms",
            Format::MicrosoftForms => "microsoft-forms",
            Format::Formbricks => "formbricks",
            Format::Delighted => "delighted",
            Format::Netigate => "netigate",
        }
    }
}

impl Format {
    /// The tool whose export has these column names (its first header row), if they are
    /// telling: used to suggest a `format` when none is set.
    pub fn recognise(names: &StringRecord) -> Option<Format> {
        let has = |name: &str| names.iter().any(|n| super::header_name(n) == name);
        let all = |wanted: &[&str]| wanted.iter().all(|name| has(name));
        if all(&["ResponseId", "RecordedDate"]) {
            Some(Format::Qualtrics)
        } else if all(&["Respondent ID", "Collector ID"]) {
            Some(Format::Surveymonkey)
        } else if all(&["#", "Submit Date (UTC)"]) {
            Some(Format::Typeform)
        } else if all(&["Start time", "Completion time"]) {
            Some(Format::MicrosoftForms)
        } else if has("Formbricks ID (internal)") {
            Some(Format::Formbricks)
        } else if all(&["Response ID", "Score", "Created At"]) {
            Some(Format::Delighted)
        } else {
            None
        }
    }

    /// The tool whose export a file is, by its first rows: its column names, and the header
    /// rows below them where the tool writes more than one (Qualtrics' row of `ImportId`s, or
    /// its question texts alone in the older layout; SurveyMonkey's row of `Response`s). `None`
    /// where the rows do not confirm what the names suggest, as in a file saved again with one
    /// header row.
    pub fn confirm(rows: &[StringRecord]) -> Option<Format> {
        let row = |i: usize| rows.get(i).into_iter().flatten().map(str::trim);
        let names = rows.first()?;
        let format = Format::recognise(names)?;
        match format {
            Format::Qualtrics if row(2).any(|f| f.starts_with("{\"ImportId\"")) => Some(format),
            // Question texts where the answers would be: "Response ID" under `ResponseId`.
            Format::Qualtrics => {
                let id = (names.iter()).position(|n| super::header_name(n) == "ResponseId")?;
                (row(1).nth(id) == Some("Response ID")).then_some(Format::QualtricsLegacy)
            }
            Format::Surveymonkey => (row(1))
                .any(|f| f == "Response" || f == "Open-Ended Response")
                .then_some(format),
            _ => Some(format),
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// A preset by its name in configuration.
    fn from_str(name: &str) -> Result<Self, String> {
        (Format::ALL.into_iter())
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("no format \"{name}\"; known: {}", names.join(", "))
            })
    }
}

/// Column names from a question row and the statement row under it, as SurveyMonkey writes them.
/// A column whose statement is empty, `Response` or `Open-Ended Response` keeps its question's
/// text; any other column is named `question - statement`, its question being the nearest text
/// at or before it in the first row, since a matrix question's text stands above its first
/// column only (`How satisfied are you with: - Price`, then `... - Delivery`).
pub fn statement_names(questions: &StringRecord, statements: &StringRecord) -> StringRecord {
    let mut question = "";
    (0..questions.len().max(statements.len()))
        .map(|i| {
            let text = questions.get(i).unwrap_or("");
            if !text.trim().is_empty() {
                question = text.trim();
            }
            match statement(statements.get(i).unwrap_or("")) {
                None => text.to_owned(),
                Some(statement) if question.is_empty() => statement.to_owned(),
                Some(statement) => format!("{question} - {statement}"),
            }
        })
        .collect()
}

/// What a statement row's field names, if it names a statement or an option: not empty,
/// `Response` or `Open-Ended Response`, which stand under a question of one column.
pub fn statement(field: &str) -> Option<&str> {
    match field.trim() {
        "" | "Response" | "Open-Ended Response" => None,
        statement => Some(statement),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_recognised_by_their_telling_columns() {
        let names = |names: &[&str]| StringRecord::from(names.to_vec());
        let cases = [
            (
                vec!["\u{feff}StartDate", "ResponseId", "RecordedDate", "Q1"],
                Some(Format::Qualtrics),
            ),
            (
                vec!["Respondent ID", "Collector ID", "Q"],
                Some(Format::Surveymonkey),
            ),
            (vec!["#", "Q", "Submit Date (UTC)"], Some(Format::Typeform)),
            (
                vec!["ID", "Start time", "Completion time"],
                Some(Format::MicrosoftForms),
            ),
            (
                vec!["Response ID", "Formbricks ID (internal)"],
                Some(Format::Formbricks),
            ),
            (
                vec!["Response ID", "Score", "Created At"],
                Some(Format::Delighted),
            ),
            (vec!["response_id", "score", "date"], None),
            (vec!["ResponseId", "score"], None),
        ];
        for (columns, format) in cases {
            assert_eq!(Format::recognise(&names(&columns)), format, "{columns:?}");
        }
    }

    #[test]
    fn a_tool_with_several_header_rows_is_confirmed_by_them() {
        let rows = |rows: &[&[&str]]| -> Vec<StringRecord> {
            rows.iter()
                .map(|row| StringRecord::from(row.to_vec()))
                .collect()
        };
        let names: &[&str] = &["StartDate", "ResponseId", "RecordedDate", "Q1"];
        let texts: &[&str] = &["Start Date", "Response ID", "Recorded Date", "How likely…?"];
        let ids: &[&str] = &[
            r#"{"ImportId":"startDate"}"#,
            r#" {"ImportId":"_recordId"}"#,
        ];
        let answer: &[&str] = &["2024-03-05 09:22:10", "R_1", "2024-03-05 09:22:10", "9"];
        let monkey: &[&str] = &["Respondent ID", "Collector ID", "How likely…?", "Why?"];
        let responses: &[&str] = &["", "", "Response", "Open-Ended Response"];
        let monkey_answer: &[&str] = &["11400", "4281", "10", "Fast"];
        let cases = [
            (rows(&[names, texts, ids, answer]), Some(Format::Qualtrics)),
            (rows(&[names, texts, answer]), Some(Format::QualtricsLegacy)),
            (rows(&[names, texts]), Some(Format::QualtricsLegacy)),
            // Saved again with one header row, or answers where the texts would be.
            (rows(&[names, answer, answer]), None),
            (rows(&[names]), None),
            (
                rows(&[monkey, responses, monkey_answer]),
                Some(Format::Surveymonkey),
            ),
            (rows(&[monkey, monkey_answer]), None),
            // A tool that writes one header row is told by its names.
            (
                rows(&[&["#", "Q", "Submit Date (UTC)"]]),
                Some(Format::Typeform),
            ),
            (rows(&[&["response_id", "score"], answer]), None),
            (Vec::new(), None),
        ];
        for (rows, format) in cases {
            assert_eq!(Format::confirm(&rows), format, "{rows:?}");
        }
    }

    #[test]
    fn every_preset_is_found_by_its_name() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
            // The name is the one configuration reads.
            let read: Format =
                serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                    serde::de::value::Error,
                >::new(format.name()))
                .unwrap();
            assert_eq!(read, format);
        }
        let error = "survey-monkey".parse::<Format>().unwrap_err();
        assert!(
            error.contains("known: qualtrics, qualtrics-legacy, surveymonkey"),
            "{error}"
        );
    }

    #[test]
    fn statements_are_named_after_the_question_above_the_first_of_them() {
        let questions = StringRecord::from(vec![
            "Respondent ID",
            "How likely are you to recommend us?",
            "How satisfied are you with:",
            "",
            "",
            "Which did you use?",
            "",
            "Why?",
        ]);
        let statements = StringRecord::from(vec![
            "",
            "Response",
            "Price",
            "Delivery",
            " Support ",
            "Response",
            "Other (please specify)",
            "Open-Ended Response",
        ]);
        let names = statement_names(&questions, &statements);
        assert_eq!(
            names.iter().collect::<Vec<_>>(),
            [
                "Respondent ID",
                "How likely are you to recommend us?",
                "How satisfied are you with: - Price",
                "How satisfied are you with: - Delivery",
                "How satisfied are you with: - Support",
                "Which did you use?",
                "Which did you use? - Other (please specify)",
                "Why?",
            ]
        );
    }

    #[test]
    fn a_short_row_and_a_statement_without_a_question_keep_what_there_is() {
        let questions = StringRecord::from(vec!["", "Q"]);
        let statements = StringRecord::from(vec!["Lone", "", "Extra"]);
        let names = statement_names(&questions, &statements);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["Lone", "Q", "Q - Extra"]);
    }
}
