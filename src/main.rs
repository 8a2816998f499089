//! The `cxreport` command line: parse, call the library, map errors to exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use cxreport::error::Error;

/// Turns survey exports into a static HTML report on customer and employee experience.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The project's configuration file.
    #[arg(long, short = 'c', global = true, default_value = "cxreport.toml")]
    config: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also describe each survey and file read, and the time of each stage of a build.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the report site.
    Build {
        /// Where to write the site (default: `public` beside the configuration).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// After writing the site, exit with code 3 if this holds: drop:SURVEY (a significant
        /// fall into the latest period), below-target:SURVEY, below-benchmark:SURVEY. Repeatable.
        #[arg(long = "fail-on", value_name = "CONDITION:SURVEY")]
        fail_on: Vec<cxreport::gate::Rule>,
        /// Treat warnings (values alike but for case, a period not over, dates years apart) as
        /// errors: exit with code 1 and write nothing.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate the configuration and every data file; write nothing.
    Check {
        /// Treat warnings as errors (exit code 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild when the project changes (a local preview).
    Serve {
        /// Where to write the site (default: `public` beside the configuration).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// The port to listen on (0 picks a free one).
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
    },
    /// Create a new project: configuration, sample data, narrative, CI workflow.
    Init {
        /// The project's folder (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Read this export instead of the sample data: the project's survey is the one
        /// `cxreport columns` suggests for it (the file stays where it is).
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// With --from: the survey tool the export comes from (default: the one its header
        /// shows, if any).
        #[arg(long, requires = "from")]
        format: Option<cxreport::ingest::Format>,
        /// With --from: the workbook's sheet to read (default: the first).
        #[arg(long, requires = "from")]
        sheet: Option<String>,
    },
    /// Describe a survey file's columns and suggest a [[survey]] table that reads it.
    Columns {
        /// The file: delimited text (CSV, TSV, ...) or a workbook (.xlsx, .xls, .ods).
        file: PathBuf,
        /// The survey tool it comes from: sets header rows, column names and the date format
        /// (qualtrics, qualtrics-legacy, surveymonkey, typeform, google-forms, microsoft-forms,
        /// formbricks, delighted, netigate). Default: the one its header shows, if any.
        #[arg(long)]
        format: Option<cxreport::ingest::Format>,
        /// The workbook's sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `cxreport man > cxreport.1`.
    Man,
}

/// Exit code when a `--fail-on` rule holds (the site is written).
const FAIL_ON: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "{}", paint(&error.to_string()));
            // Both bad input and a file that cannot be read or written are the user's to fix.
            match error {
                Error::Input(_) | Error::Io { .. } => ExitCode::from(1),
            }
        }
    }
}

/// A progress bar for each large file, on a terminal only (indicatif draws nothing elsewhere).
struct ProgressBars;

/// Progress bars unless `-q` asks for quiet.
fn progress(cli: &Cli) -> Option<&'static dyn cxreport::ingest::Progress> {
    (!cli.quiet).then_some(&ProgressBars as &dyn cxreport::ingest::Progress)
}

impl cxreport::ingest::Progress for ProgressBars {
    fn file(&self, path: &std::path::Path, size: u64) -> Box<dyn FnMut(u64) + '_> {
        progress_bar(format!("Reading {}", path.display()), size)
    }

    fn again(&self, path: &std::path::Path, size: u64) -> Box<dyn FnMut(u64) + '_> {
        let message = format!(
            "Reading {} again (some response ids repeat)",
            path.display()
        );
        progress_bar(message, size)
    }
}

/// A bar for a file of `size` bytes, told the bytes read as they are (0 when done); none for
/// a small file, which is read before a bar would show.
fn progress_bar(message: String, size: u64) -> Box<dyn FnMut(u64)> {
    const LARGE: u64 = 16 << 20;
    if size < LARGE {
        return Box::new(|_| {});
    }
    let style = indicatif::ProgressStyle::with_template(
        "{msg} {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    )
    .expect("the template is valid");
    let bar = indicatif::ProgressBar::new(size)
        .with_style(style)
        .with_message(message);
    Box::new(move |bytes| {
        if bytes == 0 {
            bar.finish_and_clear();
        } else {
            bar.inc(bytes);
        }
    })
}

/// Per survey: format, rows, period covered, values per dimension (a column mapped by mistake
/// shows as 1 value or thousands), skipped rows; per file: what was detected.
fn describe(
    out: &mut impl Write,
    config: &cxreport::config::Config,
    report: &cxreport::report::Report,
) {
    for (survey, config) in report.surveys.iter().zip(&config.surveys) {
        let mut period = survey
            .periods_covered
            .map(|(a, b)| format!("{a} to {b}"))
            .unwrap_or_else(|| "no answers".into());
        let window = &survey.window;
        if window.from.is_some() || window.until.is_some() {
            let end =
                |p: Option<cxreport::period::Period>| p.map_or("…".into(), |p| p.to_string());
            period.push_str(&format!(
                " (reporting {} to {})",
                end(window.from),
                end(window.until)
            ));
        }
        if let Some(zone) = &report.timezone {
            period.push_str(&format!(", days in {zone}"));
        }
        let format = config.format.map_or("no format preset", |f| f.name());
        // A tallied export's rows stand for many answers each: the survey counts answers.
        let records = match &survey.count_column {
            Some(column) => format!(
                "{} (tallied in column \"{}\")",
                counted(survey.records, "answer"),
                column.escape_debug()
            ),
            None => counted(survey.records, "row"),
        };
        let _ = writeln!(
            out,
            "{} ({}, {format}): {records} in {}, {}, {period}",
            survey.id,
            survey.kind,
            counted(survey.files.len() as u64, "file"),
            counted(survey.empty_scores, "empty score"),
        );
        if !survey.dimensions.is_empty() {
            let dimensions: Vec<String> = (survey.dimensions.iter())
                .map(|d| format!("{} ({})", d.id, counted(d.values.len() as u64, "value")))
                .collect();
            let _ = writeln!(out, "  dimensions: {}", dimensions.join(", "));
        }
        if !survey.drivers.is_empty() {
            // How many answered each: a column mapped by mistake shows as 0 answers.
            let drivers: Vec<String> = (survey.drivers.iter())
                .map(|d| format!("{} ({})", d.id, counted(d.figure.n(), "answer")))
                .collect();
            let _ = writeln!(out, "  drivers: {}", drivers.join(", "));
        }
        if !survey.events.is_empty() {
            // The periods each lands in, to check a date (a week's, most of all).
            let events: Vec<String> = (survey.events.iter())
                .map(|event| {
                    let periods = match event.periods() {
                        (first, last) if first == last => first.to_string(),
                        (first, last) => format!("{first} to {last}"),
                    };
                    let label = event.label.escape_debug();
                    format!("{} \"{label}\" ({periods})", event.mark)
                })
                .collect();
            let _ = writeln!(out, "  events: {}", events.join("; "));
        }
        if let Some(text) = &survey.text {
            let mut words = comment_words(text);
            if survey.redacted > 0 {
                let shown = counted(survey.redacted as u64, "comment");
                words.push_str(&format!("; {shown} shown with contact details taken out"));
            }
            let _ = writeln!(out, "  comments: {words}");
        }
        for file in &survey.files {
            let _ = writeln!(
                out,
                "  {}: {}, {}, {}",
                file.path,
                file.source,
                counted(file.header_rows as u64, "header row"),
                counted(file.records, "row")
            );
        }
        // The filters as the file's values are matched against them, to check the spelling.
        let filters: Vec<String> = (survey.filters())
            .map(|(column, values, only)| {
                let key = if only { "only" } else { "leave out" };
                let values: Vec<String> = values
                    .0
                    .iter()
                    .map(|v| format!("\"{}\"", v.escape_debug()))
                    .collect();
                format!(
                    "{key} \"{}\" = {}",
                    column.escape_debug(),
                    values.join(", ")
                )
            })
            .collect();
        if !filters.is_empty() {
            let _ = writeln!(out, "  filters: {}", filters.join("; "));
        }
        if !survey.skipped.is_empty() {
            let _ = writeln!(
                out,
                "  skipped: {}",
                cxreport::render::views::skipped_words(
                    cxreport::locale::Locale::En.texts(),
                    &survey.skipped,
                )
            );
        }
    }
}

/// "2,814; themes: Delivery 27 %, Price 26 %; none of them 31 %": how many comments each theme
/// catches, to tune its keywords by.
fn comment_words(text: &cxreport::report::TextReport) -> String {
    let comments: u64 = text.comments.iter().sum();
    let share = |n: &[u64; 3]| {
        let part: u64 = n.iter().sum();
        format!("{:.0} %", 100.0 * part as f64 / comments.max(1) as f64)
    };
    let mut words = cxreport::locale::Locale::En.texts().count(comments);
    if !text.themes.is_empty() {
        let themes: Vec<String> = (text.themes.iter())
            .map(|theme| format!("{} {}", theme.name, share(&theme.total)))
            .collect();
        words.push_str(&format!("; themes: {}", themes.join(", ")));
    }
    if let Some(unthemed) = &text.unthemed {
        words.push_str(&format!("; none of them {}", share(unthemed)));
    }
    words
}

/// Prints what looks wrong in the data without being an error, on standard error.
fn warn(report: &cxreport::report::Report) {
    let mut err = std::io::stderr().lock();
    for warning in cxreport::warnings(report) {
        let _ = writeln!(err, "{}", paint(&format!("warning: {warning}")));
    }
}

/// Colours "error:", "warning:" and "hint:" when standard error is a terminal and `NO_COLOR` is
/// unset.
fn paint(text: &str) -> String {
    use std::io::IsTerminal;
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if !colour {
        return text.to_string();
    }
    text.lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("error:") {
                format!("\x1b[1;31merror\x1b[0m:{rest}")
            } else if let Some(rest) = line.strip_prefix("warning:") {
                format!("\x1b[1;33mwarning\x1b[0m:{rest}")
            } else if let Some(rest) = line.strip_prefix("  = hint:") {
                format!("  = \x1b[1;36mhint\x1b[0m:{rest}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(cli: &Cli) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    match &cli.command {
        Command::Build {
            output,
            fail_on,
            deny_warnings,
        } => {
            // A rule that can never hold is a command-line mistake: say so before building.
            if !fail_on.is_empty() {
                let config = cxreport::config::load(&cli.config)?;
                if let Err(mistake) = cxreport::gate::can_hold(&config, fail_on) {
                    let _ = writeln!(std::io::stderr(), "error: {mistake}");
                    return Ok(ExitCode::from(2));
                }
            }
            let start = std::time::Instant::now();
            let summary = cxreport::build_with(
                &cli.config,
                output.as_deref(),
                progress(cli),
                *deny_warnings,
            )?;
            if cli.verbose {
                let config = cxreport::config::load(&cli.config)?;
                describe(&mut out, &config, &summary.report);
                let stages: Vec<String> = summary
                    .timings
                    .iter()
                    .map(|(stage, time)| format!("{stage} {:.2} s", time.as_secs_f64()))
                    .collect();
                let _ = writeln!(out, "Time: {}", stages.join(", "));
            }
            if !cli.quiet {
                warn(&summary.report);
                let _ = writeln!(
                    out,
                    "Built {}, {}, {} into {} in {:.2} s",
                    counted(summary.surveys as u64, "survey"),
                    counted(summary.answers as u64, "answer"),
                    counted(summary.pages as u64, "page"),
                    summary.output.display(),
                    start.elapsed().as_secs_f64()
                );
            }
            match cxreport::gate::check(&summary.report, fail_on) {
                Ok(failed) if failed.is_empty() => {}
                Ok(failed) => {
                    let mut err = std::io::stderr().lock();
                    for line in failed {
                        let _ = writeln!(err, "{line}");
                    }
                    return Ok(ExitCode::from(FAIL_ON));
                }
                Err(unknown) => {
                    let _ = writeln!(std::io::stderr(), "error: {unknown}");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        Command::Serve { output, port } => {
            let quiet = cli.quiet;
            cxreport::serve::serve(&cli.config, output.as_deref(), *port, move |event| {
                use cxreport::serve::Event;
                match event {
                    Event::Listening(address) => {
                        println!("Serving the report at {address} (Ctrl-C stops)")
                    }
                    Event::Built {
                        pages,
                        millis,
                        warnings,
                        data_read,
                    } if !quiet => {
                        for warning in warnings {
                            eprintln!("{}", paint(&format!("warning: {warning}")));
                        }
                        let pages = counted(pages as u64, "page");
                        if data_read {
                            println!("Built {pages} in {millis} ms");
                        } else {
                            println!(
                                "Built {pages} in {millis} ms (the data is unchanged: not read again)"
                            );
                        }
                    }
                    Event::Failed(error) => eprintln!("{}\n", paint(&error)),
                    Event::Changed if !quiet => println!("Change seen, rebuilding"),
                    _ => {}
                }
            })?;
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "cxreport", &mut out);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(Error::io(
                    "writing",
                    std::path::Path::new("standard output"),
                ))?;
        }
        Command::Columns {
            file,
            format,
            sheet,
        } => {
            let options = cxreport::columns::Options {
                format: *format,
                sheet: sheet.clone(),
                ..Default::default()
            }
            .recognising(file);
            let description = cxreport::columns::describe(file, &options, progress(cli))?;
            let _ = write!(out, "{}", description.text(file, &options));
        }
        Command::Init {
            dir,
            from,
            format,
            sheet,
        } => {
            let mut recognised = None;
            let written = match from {
                Some(export) => {
                    let options = cxreport::columns::Options {
                        format: *format,
                        sheet: sheet.clone(),
                        ..Default::default()
                    }
                    .recognising(export);
                    recognised = options.recognition();
                    cxreport::init::init_from(dir, export, &options, progress(cli))?
                }
                None => cxreport::init::init(dir)?,
            };
            if !cli.quiet {
                if let Some(recognition) = recognised {
                    let _ = writeln!(out, "  read {recognition}");
                }
                for path in &written {
                    let _ = writeln!(out, "  created {}", path.display());
                }
                let next = if dir == Path::new(".") {
                    "New project in this folder. Next: cxreport build".to_string()
                } else {
                    let dir = dir.display();
                    format!("New project in {dir}. Next: cd {dir} && cxreport build")
                };
                let _ = writeln!(out, "{next}, then open public/index.html");
            }
        }
        Command::Check { deny_warnings } => {
            let (config, report) = cxreport::check(&cli.config)?;
            if *deny_warnings {
                cxreport::warnings_as_errors(&report)?;
            }
            if !cli.quiet {
                describe(&mut out, &config, &report);
                warn(&report);
                let _ = writeln!(out, "No problems found.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "1 file", "2 files": the command line speaks English only.
fn counted(n: u64, noun: &str) -> String {
    let texts = cxreport::locale::Locale::En.texts();
    format!("{} {noun}{}", texts.count(n), if n == 1 { "" } else { "s" })
}
