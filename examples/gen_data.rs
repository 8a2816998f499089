//! Generates the example project's survey exports in `data/`: a fictional Nordic online retailer,
//! "Kvist & Kyst", with a relationship NPS survey (monthly, 2023-2025), CSAT after support
//! contacts (2025) and a quarterly employee eNPS survey. Seeded, so every run writes the same bytes.
//!
//! The story a reader can find: NPS climbs slowly; the Delivery touchpoint dips from spring 2024
//! (a new carrier) and recovers by winter, then drops sharply again in the December 2025 peak;
//! employee eNPS dips in the 2024 months (a reorganisation) and recovers with it; support CSAT
//! rests on whether the case was resolved more than on channel or team. All names,
//! codes and comments are invented.
//!
//! Run: `cargo run --example gen-data` (writes into `data/`, or the folder given).

use std::fmt::Write as _;
use std::path::PathBuf;

const SEED: u64 = 20_261_123;

/// Where a region's customers are happier, so are its employees: one effect for both surveys.
const REGION_EFFECT: [(&str, f64); 7] = [
    ("Oslo", 0.0),
    ("Vestland", 7.0),
    ("Trøndelag", -9.0),
    ("Nord-Norge", 4.0),
    ("Stockholm", -6.0),
    ("Göteborg", 9.0),
    ("København", -3.0),
];

fn region_effect(region: &str) -> f64 {
    REGION_EFFECT
        .iter()
        .find(|(r, _)| *r == region)
        .map_or(0.0, |(_, e)| *e)
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data"));
    std::fs::create_dir_all(&dir)?;
    let mut rng = fastrand::Rng::with_seed(SEED);
    let (answers, invited) = customers(&mut rng);
    std::fs::write(dir.join("customers-nps.csv"), answers)?;
    std::fs::write(dir.join("customers-invitations.csv"), invited)?;
    std::fs::write(dir.join("support-csat.csv"), support(&mut rng))?;
    let (answers, invited) = employees(&mut rng);
    std::fs::write(dir.join("employees-enps.csv"), answers)?;
    std::fs::write(dir.join("employees-invitations.csv"), invited)?;
    // The small data set `cxreport init` writes into a new project.
    let scaffold = dir.join("../scaffold/data");
    if scaffold.is_dir() {
        std::fs::write(scaffold.join("responses.csv"), sample(&mut rng))?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}

/// A 0-10 score for a group whose NPS should be near `target`: 30 % passives, the rest split so
/// that promoters − detractors = target.
fn nps_score(rng: &mut fastrand::Rng, target: f64) -> u8 {
    let t = (target / 100.0).clamp(-0.69, 0.69);
    let promoters = (0.7 + t) / 2.0;
    let detractors = (0.7 - t) / 2.0;
    let u = rng.f64();
    if u < promoters {
        if rng.f64() < 0.55 { 10 } else { 9 }
    } else if u < promoters + detractors {
        // Detractors lean towards 5 and 6.
        [6, 6, 6, 5, 5, 4, 3, 2, 1, 0][rng.usize(0..10)]
    } else if rng.f64() < 0.5 {
        8
    } else {
        7
    }
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(0..items.len())]
}

/// Picks by weight.
fn weighted<'a>(rng: &mut fastrand::Rng, items: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    items[0].0
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const PROMOTER_COMMENTS: &[&str] = &[
    "Fast delivery and the sofa looks even better than in the pictures.",
    "Rask levering og hyggelig sjåfør. Anbefaler dere gjerne videre!",
    "Smidig beställning, bra pris och snabb leverans.",
    "Customer service solved my problem in one call, thank you.",
    "Great quality, I have bought from you for years.",
    "Appen er enkel å bruke, og returen gikk helt fint.",
    "Mycket trevligt bemötande i butiken i Göteborg.",
    "Everything arrived on time, well packed, \"as promised\".",
];
const PASSIVE_COMMENTS: &[&str] = &[
    "Good products, but prices have gone up recently.",
    "OK, men det tok litt tid før noen svarte på chatten.",
    "Helt okej, men frakten är dyr.",
    "Fine overall; the invoice was a bit confusing.",
    "Nice furniture, assembly instructions could be clearer.",
];
const DETRACTOR_COMMENTS: &[&str] = &[
    "Long waiting time on the phone, 40 minutes before anyone answered.",
    "Prisen er for høy sammenlignet med andre butikker.",
    "Fakturan var fel två gånger i rad.",
    "I was charged twice and it took weeks to get a refund.",
    "Kundeservice lovet å ringe tilbake, men ingen gjorde det.",
];
const DELIVERY_COMPLAINTS: &[&str] = &[
    "The new carrier missed the delivery window twice.",
    "Leveransen var tre dagar sen och ingen hörde av sig.",
    "Pakken ble levert til feil adresse, og sporingen viste ingenting.",
    "Delivery was late and the box was damaged, not good enough.",
];

/// The customer survey's answers and its invitations per month (about one in seven answers).
fn customers(rng: &mut fastrand::Rng) -> (String, String) {
    let regions = [
        ("Oslo", 26),
        ("Vestland", 14),
        ("Trøndelag", 10),
        ("Nord-Norge", 6),
        ("Stockholm", 20),
        ("Göteborg", 12),
        ("København", 12),
    ];
    let channels = [("Web", 45), ("App", 25), ("Phone", 15), ("Store", 15)];
    let segments = [
        ("Private", 70),
        ("Small business", 18),
        ("Enterprise", 8),
        ("Public sector", 4),
    ];
    let touchpoints = [
        ("Onboarding", 12),
        ("Delivery", 30),
        ("Support", 20),
        ("Billing", 14),
        ("Returns", 10),
        ("Renewal", 14),
    ];
    let mut out = String::from(
        "response_id,submitted_at,score,comment,region,channel,customer_segment,touchpoint\n",
    );
    let mut invitations = String::from("period,invited\n");
    let mut id = 100_000;
    for year in 2023..=2025 {
        for month in 1..=12u32 {
            let m = (year - 2023) * 12 + month as i32 - 1; // 0..35
            // Slow climb from 24 to 38, and a company-wide dip in mid-2024.
            let mut base = 24.0 + 14.0 * f64::from(m) / 35.0;
            let dip = match m {
                15..=20 => -8.0,
                21 => -4.0,
                _ => 0.0,
            };
            base += dip;
            let answers = 230 + rng.usize(0..60);
            let rate = 0.13 + 0.03 * rng.f64();
            let _ = writeln!(
                invitations,
                "{year}-{month:02},{}",
                (answers as f64 / rate).round()
            );
            for _ in 0..answers {
                id += 1 + rng.u32(0..3);
                let region = weighted(rng, &regions);
                let channel = weighted(rng, &channels);
                let segment = weighted(rng, &segments);
                let touchpoint = weighted(rng, &touchpoints);
                let mut target = base + region_effect(region);
                match touchpoint {
                    // A new carrier from March to September 2024, recovering by December.
                    "Delivery" => {
                        target += match m {
                            14..=20 => -35.0,
                            21..=22 => -15.0,
                            // The Christmas peak of 2025 overwhelms the carrier again.
                            35 => -55.0,
                            _ => 4.0,
                        }
                    }
                    "Billing" => target -= 12.0,
                    "Onboarding" => target += 10.0,
                    _ => {}
                }
                if channel == "App" {
                    target += 6.0;
                }
                if segment == "Enterprise" {
                    target -= 8.0;
                }
                let empty = rng.f64() < 0.01;
                let score = nps_score(rng, target);
                let comment = if !empty && rng.f64() < 0.3 {
                    match score {
                        9..=10 => pick(rng, PROMOTER_COMMENTS),
                        7..=8 => pick(rng, PASSIVE_COMMENTS),
                        _ if touchpoint == "Delivery" && ((14..=22).contains(&m) || m == 35) => {
                            pick(rng, DELIVERY_COMPLAINTS)
                        }
                        _ => pick(rng, DETRACTOR_COMMENTS),
                    }
                } else {
                    ""
                };
                let day = 1 + rng.u32(0..days_in_month(year, month));
                let _ = writeln!(
                    out,
                    "R{id},{year}-{month:02}-{day:02} {:02}:{:02}:{:02},{},{},{region},{channel},{segment},{touchpoint}",
                    rng.u32(7..23),
                    rng.u32(0..60),
                    rng.u32(0..60),
                    if empty {
                        String::new()
                    } else {
                        score.to_string()
                    },
                    quote(comment),
                );
            }
        }
    }
    (out, invitations)
}

/// A year of monthly NPS answers by region and channel, for a new project.
fn sample(rng: &mut fastrand::Rng) -> String {
    let mut out =
        String::from("response_id,submitted_at,score,comment,region,channel,q_easy,q_price\n");
    // Two questions asked beside the score, as (centre, pull) below: ease follows the score
    // closely and is answered less favourably (the one to improve), price follows it less.
    // Drawn from their own generator, so that the answers before them stay as they were.
    let questions = [(3.0, 1.3), (3.7, 0.4)];
    let mut items = fastrand::Rng::with_seed(SEED ^ 0x5CA);
    let comments = [
        "Quick delivery, friendly staff.",
        "Good value, but the website is slow.",
        "Had to call twice about my invoice.",
    ];
    let mut id = 1;
    for month in 1..=12u32 {
        for _ in 0..60 {
            let region = ["North", "South", "East", "West"][rng.usize(0..4)];
            let channel = ["Web", "Phone", "Store"][rng.usize(0..3)];
            let score = nps_score(rng, 20.0 + f64::from(month));
            let comment = if rng.f64() < 0.25 {
                comments[rng.usize(0..comments.len())]
            } else {
                ""
            };
            let day = 1 + rng.u32(0..28);
            let answers: Vec<String> = (questions.iter())
                .map(|&(centre, pull)| driver_answer(&mut items, score, centre, pull))
                .collect();
            let _ = writeln!(
                out,
                "S{id:04},2025-{month:02}-{day:02},{score},{},{region},{channel},{}",
                quote(comment),
                answers.join(",")
            );
            id += 1;
        }
    }
    out
}

/// An answer from 1 to 5 to a question asked beside a 0-10 score, or empty (about 3 % skip a
/// question): near `centre` on average, and `pull` further from it the further the score is
/// from 6.
fn driver_answer(items: &mut fastrand::Rng, score: u8, centre: f64, pull: f64) -> String {
    if items.f64() < 0.03 {
        return String::new();
    }
    let noise = (items.f64() + items.f64() + items.f64() - 1.5) * 1.6;
    let leaning = (f64::from(score) - 6.0) / 4.0;
    let answer = (centre + pull * leaning + noise).round().clamp(1.0, 5.0);
    format!("{answer}")
}

fn support(rng: &mut fastrand::Rng) -> String {
    let teams: [(&str, &[&str]); 4] = [
        ("Team Nord", &["N-101", "N-102", "N-103", "N-104", "N-105"]),
        (
            "Team Sør",
            &["S-201", "S-202", "S-203", "S-204", "S-205", "S-206"],
        ),
        ("Team Sverige", &["SE-301", "SE-302", "SE-303", "SE-304"]),
        ("Billing desk", &["B-401", "B-402", "B-403"]),
    ];
    let channels = [("Phone", 40), ("Chat", 35), ("Email", 25)];
    // Comments by rating (good or bad) and by whether the case was resolved.
    let comments = [
        [
            [
                "Quick and friendly help.",
                "Problemet ble løst med en gang.",
                "Tydligt svar, tack!",
                "Solved in one contact.",
            ],
            [
                "Friendly, even if it is not fixed yet.",
                "Hyggelig, men saken er ikke løst.",
                "Vänligt bemötande.",
                "They are looking into it.",
            ],
        ],
        [
            [
                "Took far too long to get an answer.",
                "Ventetiden var altfor lang.",
                "Inget svar på mitt mejl på en vecka.",
                "Fikk svar, men etter tre dager.",
            ],
            [
                "Had to explain the problem three times.",
                "The answer did not solve my issue.",
                "Problemet er fortsatt ikke løst.",
                "Ärendet stängdes utan att lösas.",
            ],
        ],
    ];
    let mut out =
        String::from("ticket_id,closed_at,rating,comment,channel,team,agent,resolution\n");
    // Resolution is drawn from its own generator, so the other surveys' data stay as they were.
    let mut resolutions = fastrand::Rng::with_seed(SEED + 1);
    let mut id = 5_000;
    for month in 1..=12u32 {
        let contacts = 330 + rng.usize(0..40);
        for _ in 0..contacts {
            id += 1;
            let channel = weighted(rng, &channels);
            let (team, agents) = teams[rng.usize(0..teams.len())];
            let agent = agents[rng.usize(0..agents.len())];
            // Satisfaction: chat best, email worst; the billing desk improves after a June fix.
            let mut p_good: f64 = match channel {
                "Chat" => 0.86,
                "Phone" => 0.8,
                _ => 0.7,
            };
            if team == "Billing desk" {
                p_good -= if month < 6 { 0.2 } else { 0.05 };
            }
            if agent == "S-204" {
                p_good += 0.08;
            }
            // Whether the case was solved matters more than channel, team or agent: about three
            // in four are, and an unsolved case rarely leaves a satisfied customer.
            let resolved = resolutions.f64() < 0.76;
            p_good = if resolved {
                (p_good + 0.1).min(0.97)
            } else {
                p_good - 0.45
            };
            let rating = if rng.f64() < p_good {
                if rng.f64() < 0.6 { 5 } else { 4 }
            } else {
                [3, 3, 2, 1][rng.usize(0..4)]
            };
            let comment = if rng.f64() < 0.25 {
                pick(
                    rng,
                    &comments[usize::from(rating < 4)][usize::from(!resolved)],
                )
            } else {
                ""
            };
            let day = 1 + rng.u32(0..days_in_month(2025, month));
            let _ = writeln!(
                out,
                "T{id},2025-{month:02}-{day:02}T{:02}:{:02}:00Z,{rating},{},{channel},{team},{agent},{}",
                rng.u32(8..20),
                rng.u32(0..60),
                quote(comment),
                if resolved { "Resolved" } else { "Not resolved" },
            );
        }
    }
    out
}

/// The employee survey's answers and its invitations: every employee, per quarter and department.
fn employees(rng: &mut fastrand::Rng) -> (String, String) {
    // Department and headcount; each answer comes from one of the company's locations.
    let departments = [
        ("Customer Service", 64),
        ("Logistics", 48),
        ("Sales", 30),
        ("IT", 24),
        ("Marketing", 14),
        ("Finance", 9),
        ("Legal", 4),
    ];
    let locations = [
        ("Oslo", 36),
        ("Vestland", 12),
        ("Trøndelag", 10),
        ("Nord-Norge", 6),
        ("Stockholm", 18),
        ("Göteborg", 9),
        ("København", 9),
    ];
    let good = [
        "Good colleagues and a manager who listens.",
        "Fleksibel arbeidstid gjør hverdagen enklere.",
        "Jag lär mig mycket och trivs i teamet.",
    ];
    let meh = [
        "The reorganisation made roles unclear for a while.",
        "For mange møter og for lite tid til faktisk arbeid.",
        "Lönen ligger efter marknaden.",
    ];
    // Questions asked beside eNPS, 1-5: how favourably each is answered on average (its
    // centre), and how strongly its answers follow the eNPS answer (its pull). Drawn from their
    // own generator, so that the answers before them stay as they were.
    let questions = [
        ("I know what is expected of me", 4.1, 0.5),
        ("My manager gives me useful feedback", 3.5, 1.1),
        ("My workload is manageable", 3.1, 1.2),
        ("I have the tools to do my job well", 3.8, 0.3),
        ("I see a future for myself here", 3.7, 1.3),
    ];
    let mut items = fastrand::Rng::with_seed(SEED ^ 0xD21);
    let mut out = String::from(
        "response_id,submitted_at,enps,comment,department,location,q_expected,q_feedback,\
         q_workload,q_tools,q_future\n",
    );
    let mut invitations = String::from("period,invited,department\n");
    let mut id = 1;
    for year in 2023..=2025 {
        for quarter in 1..=4u32 {
            let q = (year - 2023) * 4 + quarter as i32 - 1; // 0..11
            // eNPS climbs from 8 to 22, with a dip during the 2024 reorganisation (Q2-Q3).
            let mut base = 8.0 + 14.0 * f64::from(q) / 11.0;
            if q == 5 || q == 6 {
                base -= 18.0;
            }
            let everyone: u32 = departments.iter().map(|(_, h)| h).sum();
            let _ = writeln!(invitations, "{year}-Q{quarter},{everyone},");
            for (department, headcount) in departments {
                let _ = writeln!(invitations, "{year}-Q{quarter},{headcount},{department}");
                let mut target = base;
                if department == "Logistics" && (5..=6).contains(&q) {
                    target -= 12.0;
                }
                if department == "IT" {
                    target += 10.0;
                }
                for _ in 0..headcount {
                    // About three in four employees answer.
                    if rng.f64() > 0.76 {
                        continue;
                    }
                    let location = weighted(rng, &locations);
                    let score = nps_score(rng, target + region_effect(location));
                    let comment = if rng.f64() < 0.2 {
                        if score >= 9 {
                            pick(rng, &good)
                        } else {
                            pick(rng, &meh)
                        }
                    } else {
                        ""
                    };
                    let month = (quarter - 1) * 3 + 2;
                    let day = 1 + rng.u32(0..28);
                    // Logistics, short-staffed, finds its workload heavier; IT has the tools.
                    let leaning_of = |question: &str| match (department, question) {
                        ("Logistics", "My workload is manageable") => -0.8,
                        ("IT", "I have the tools to do my job well") => 0.6,
                        _ => 0.0,
                    };
                    let answers: Vec<String> = (questions.iter())
                        .map(|&(question, centre, pull)| {
                            let centre = centre + leaning_of(question);
                            driver_answer(&mut items, score, centre, pull)
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "E{id:05},{year}-{month:02}-{day:02},{score},{},{department},{location},{}",
                        quote(comment),
                        answers.join(",")
                    );
                    id += 1;
                }
            }
        }
    }
    (out, invitations)
}
