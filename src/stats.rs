//! The statistics behind every figure: scores, intervals, the normal distribution.
//!
//! Pure functions on counts; each cites its method.

/// A score with its interval, on the score's own scale.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// The point estimate, exact (rounded only for display).
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// Net Promoter Score: % promoters − % detractors, from −100 to +100. `None` when `n` is 0.
pub fn nps(promoters: u64, detractors: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| 100.0 * (promoters as f64 - detractors as f64) / n as f64)
}

/// NPS with its adjusted-Wald interval (Rocks 2016, The American Statistician 70(4); MeasuringU,
/// "Evaluating NPS Confidence Intervals with Real-World Data", 2021): add 3 to n and ¾ to both
/// promoters and detractors, take the variance of a difference of two proportions,
/// (p + d − (p − d)²) / n, and clamp to [−100, 100]. The point estimate stays the plain NPS.
pub fn nps_estimate(promoters: u64, detractors: u64, n: u64, confidence: f64) -> Option<Estimate> {
    let value = nps(promoters, detractors, n)?;
    let n_adj = n as f64 + 3.0;
    let p = (promoters as f64 + 0.75) / n_adj;
    let d = (detractors as f64 + 0.75) / n_adj;
    let centre = p - d;
    let half = z(confidence) * ((p + d - centre * centre) / n_adj).sqrt();
    // The adjustment pulls the centre toward 0; with a few answers all alike it pulls the
    // interval past the score itself (one detractor: −100, interval −98 to 48). Widened to hold
    // the score, the interval covers at least as often, and never reads as a contradiction.
    Some(Estimate {
        value,
        low: (100.0 * (centre - half)).clamp(-100.0, value),
        high: (100.0 * (centre + half)).clamp(value, 100.0),
    })
}

/// A percentage with its Wilson score interval (Wilson 1927; recommended over the Wald interval
/// by Brown, Cai & DasGupta 2001, Statistical Science 16(2)). `None` when `n` is 0.
pub fn proportion_estimate(successes: u64, n: u64, confidence: f64) -> Option<Estimate> {
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p = successes as f64 / n;
    let z = z(confidence);
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    let value = 100.0 * p;
    // Wilson's interval always holds p; rounding can leave its end a hair inside when p is 0 or 1.
    Some(Estimate {
        value,
        low: (100.0 * (centre - half)).clamp(0.0, value),
        high: (100.0 * (centre + half)).clamp(value, 100.0),
    })
}

/// The mean of answers on a scale, with Student's t interval: mean ± t(n − 1) · s / √n, s the
/// sample standard deviation, clamped to the scale. `counts[k]` is the number of answers of score
/// `k`. `None` with fewer than 2 answers. When every answer is the same, s is 0 and so is the
/// interval's width.
pub fn mean_estimate(counts: &[u64], confidence: f64, scale: (f64, f64)) -> Option<Estimate> {
    let n: u64 = counts.iter().sum();
    if n < 2 {
        return None;
    }
    let scores = || {
        counts
            .iter()
            .enumerate()
            .map(|(k, &c)| (k as f64, c as f64))
    };
    let value = scores().map(|(k, c)| k * c).sum::<f64>() / n as f64;
    let squares: f64 = scores().map(|(k, c)| c * (k - value) * (k - value)).sum();
    let sd = (squares / (n - 1) as f64).sqrt();
    let df = (n - 1) as f64;
    let half = t_quantile(1.0 - (1.0 - confidence) / 2.0, df) * sd / (n as f64).sqrt();
    Some(Estimate {
        value,
        low: (value - half).clamp(scale.0, value),
        high: (value + half).clamp(value, scale.1),
    })
}

/// The quantile of Student's t distribution with `df` degrees of freedom, for `p` in (0.5, 1):
/// the Cornish-Fisher expansion about the normal quantile (Abramowitz & Stegun 26.7.5; its error
/// falls as df⁻⁵), then Newton's method on the exact distribution function where df is small.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let z = normal_quantile(p);
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    let mut t = z + g1 / df + g2 / (df * df) + g3 / df.powi(3) + g4 / df.powi(4);
    if df < 30.0 {
        // ln of the density's constant, Γ((ν+1)/2) / (√(νπ) Γ(ν/2)).
        let ln_c = libm::lgamma((df + 1.0) / 2.0)
            - libm::lgamma(df / 2.0)
            - 0.5 * (df * std::f64::consts::PI).ln();
        for _ in 0..3 {
            let cdf = 1.0 - 0.5 * regularized_beta(df / (df + t * t), df / 2.0, 0.5);
            let density = (ln_c - (df + 1.0) / 2.0 * (1.0 + t * t / df).ln()).exp();
            t -= (cdf - p) / density;
        }
    }
    t
}

/// A difference between two figures (later minus earlier) with its interval and a two-sided test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Difference {
    /// The difference and its interval, on the score's scale.
    pub estimate: Estimate,
    /// Two-sided p-value of "no difference".
    pub p_value: f64,
}

/// Change in NPS between two independent samples `(promoters, detractors, n)`, `after − before`.
/// Both are adjusted as in [`nps_estimate`] (Rocks 2016); the variance of the difference is the
/// sum of the two variances, and the test is a z-test on the adjusted difference (Sauro & Lewis,
/// MeasuringU, "How to compare two Net Promoter Scores", 2019). `None` when a sample is empty.
pub fn nps_difference(
    before: (u64, u64, u64),
    after: (u64, u64, u64),
    confidence: f64,
) -> Option<Difference> {
    let value = nps(after.0, after.1, after.2)? - nps(before.0, before.1, before.2)?;
    let adjusted = |(p, d, n): (u64, u64, u64)| {
        let n = n as f64 + 3.0;
        let (p, d) = ((p as f64 + 0.75) / n, (d as f64 + 0.75) / n);
        (p - d, (p + d - (p - d) * (p - d)) / n)
    };
    let ((a, var_a), (b, var_b)) = (adjusted(before), adjusted(after));
    let se = (var_a + var_b).sqrt();
    let centre = b - a;
    let half = z(confidence) * se;
    Some(Difference {
        // Widened to hold the change itself, as in `nps_estimate`.
        estimate: Estimate {
            value,
            low: (100.0 * (centre - half)).clamp(-200.0, value),
            high: (100.0 * (centre + half)).clamp(value, 200.0),
        },
        p_value: two_sided_p(centre / se),
    })
}

/// Change in a percentage between two independent samples `(successes, n)`, `after − before`:
/// the Agresti-Caffo interval (add one success and one failure to each sample; Agresti & Caffo
/// 2000, The American Statistician 54(4)) and the pooled two-proportion z-test.
pub fn proportion_difference(
    before: (u64, u64),
    after: (u64, u64),
    confidence: f64,
) -> Option<Difference> {
    if before.1 == 0 || after.1 == 0 {
        return None;
    }
    let share = |(x, n): (u64, u64)| x as f64 / n as f64;
    let value = 100.0 * (share(after) - share(before));
    let tilde = |(x, n): (u64, u64)| {
        let p = (x as f64 + 1.0) / (n as f64 + 2.0);
        (p, p * (1.0 - p) / (n as f64 + 2.0))
    };
    let ((a, var_a), (b, var_b)) = (tilde(before), tilde(after));
    let half = z(confidence) * (var_a + var_b).sqrt();
    let pooled = (before.0 + after.0) as f64 / (before.1 + after.1) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / before.1 as f64 + 1.0 / after.1 as f64)).sqrt();
    let p_value = if se > 0.0 {
        two_sided_p((share(after) - share(before)) / se)
    } else {
        1.0
    };
    Some(Difference {
        // Widened to hold the change itself, as in `nps_estimate`.
        estimate: Estimate {
            value,
            low: (100.0 * (b - a - half)).clamp(-100.0, value),
            high: (100.0 * (b - a + half)).clamp(value, 100.0),
        },
        p_value,
    })
}

/// Pearson's correlation with its two-sided p-value from Student's t with n − 2 degrees of
/// freedom. `None` with fewer than 3 points or when either series is constant.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Correlation {
    /// Pearson's r.
    pub r: f64,
    /// Number of paired points.
    pub n: usize,
    /// Two-sided p-value of "no correlation".
    pub p_value: f64,
}

/// Pearson's r of paired values.
pub fn pearson(points: &[(f64, f64)]) -> Option<Correlation> {
    let counted: Vec<(f64, f64, u64)> = points.iter().map(|&(x, y)| (x, y, 1)).collect();
    pearson_counted(&counted)
}

/// Pearson's r of paired values each seen `count` times, as [`pearson`] of the points repeated:
/// a driver's answers against the score, from their cross-tabulation.
pub fn pearson_counted(points: &[(f64, f64, u64)]) -> Option<Correlation> {
    let n: u64 = points.iter().map(|p| p.2).sum();
    if n < 3 {
        return None;
    }
    let weight = n as f64;
    let mean = |f: fn(&(f64, f64, u64)) -> f64| {
        points.iter().map(|p| f(p) * p.2 as f64).sum::<f64>() / weight
    };
    let (mx, my) = (mean(|p| p.0), mean(|p| p.1));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y, count) in points {
        let count = count as f64;
        sxy += count * (x - mx) * (y - my);
        sxx += count * (x - mx) * (x - mx);
        syy += count * (y - my) * (y - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let df = (n - 2) as f64;
    let p_value = if r.abs() >= 1.0 {
        0.0
    } else {
        let t2 = r * r * df / (1.0 - r * r);
        // P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2).
        regularized_beta(df / (df + t2), df / 2.0, 0.5)
    };
    Some(Correlation {
        r,
        n: n as usize,
        p_value,
    })
}

/// The interval of a correlation `r` from `n` pairs, by Fisher's z-transformation
/// (z = atanh r, standard error 1 / √(n − 3)); `None` with fewer than 4 pairs.
pub fn correlation_interval(r: f64, n: usize, confidence: f64) -> Option<Estimate> {
    if n < 4 {
        return None;
    }
    let centre = r.clamp(-0.999_999, 0.999_999).atanh();
    let half = z(confidence) / ((n - 3) as f64).sqrt();
    Some(Estimate {
        value: r,
        low: (centre - half).tanh(),
        high: (centre + half).tanh(),
    })
}

/// The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction
/// (Numerical Recipes, 3rd ed., 6.4).
fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// A one-way analysis of variance: how much of the variation between answers their grouping
/// explains.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Anova {
    /// ω², the share of the variation explained, corrected for the number of groups (Hays
    /// 1963; Olejnik & Algina 2003): unlike η² it is near 0 when the groups differ by chance
    /// alone, however many there are. Reported as 0 when the estimate is negative.
    pub share: f64,
    /// The F statistic.
    pub f: f64,
    /// Degrees of freedom between groups (groups − 1).
    pub df_between: u64,
    /// Degrees of freedom within groups (answers − groups).
    pub df_within: u64,
    /// P(F > f) when the groups do not differ.
    pub p_value: f64,
}

/// One answer's values summed over a group: `(answers, Σy, Σy²)`.
pub type Sums = (u64, f64, f64);

/// One-way analysis of variance of groups given by their sums. `None` with fewer than two
/// groups, no answers beyond one per group, or no variation within the groups (then F is
/// infinite, and a figure that cannot be written).
pub fn one_way_anova(groups: &[Sums]) -> Option<Anova> {
    let k = groups.len() as u64;
    let n: u64 = groups.iter().map(|g| g.0).sum();
    if k < 2 || n <= k {
        return None;
    }
    let sum: f64 = groups.iter().map(|g| g.1).sum();
    let squares: f64 = groups.iter().map(|g| g.2).sum();
    let mean = sum / n as f64;
    let total = squares - sum * mean;
    let between: f64 = (groups.iter())
        .filter(|g| g.0 > 0)
        .map(|&(n, sum, _)| {
            let d = sum / n as f64 - mean;
            n as f64 * d * d
        })
        .sum();
    let within = total - between;
    // Rounding leaves a hair of variation where there is none.
    if within <= 1e-9 * squares.max(1.0) {
        return None;
    }
    let (df_between, df_within) = (k - 1, n - k);
    let mean_within = within / df_within as f64;
    let f = (between / df_between as f64) / mean_within;
    let (d1, d2) = (df_between as f64, df_within as f64);
    // P(F > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2).
    let p_value = regularized_beta(d2 / (d2 + d1 * f), d2 / 2.0, d1 / 2.0);
    let share = ((between - d1 * mean_within) / (total + mean_within)).max(0.0);
    Some(Anova {
        share,
        f,
        df_between,
        df_within,
        p_value,
    })
}

/// Benjamini-Hochberg adjusted p-values ("q-values"), in the order given: testing many segments
/// at once, a q-value below α keeps the expected share of false discoveries below α (Benjamini &
/// Hochberg 1995, JRSS B 57(1)).
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running_min: f64 = 1.0;
    for (rank, &i) in order.iter().enumerate().rev() {
        running_min = running_min.min(p_values[i] * m as f64 / (rank + 1) as f64);
        adjusted[i] = running_min;
    }
    adjusted
}

/// Two-sided p-value of a standard normal statistic.
pub fn two_sided_p(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// The two-sided critical value of the standard normal distribution for `confidence`
/// (1.959964 for 0.95).
pub fn z(confidence: f64) -> f64 {
    normal_quantile(1.0 - (1.0 - confidence) / 2.0)
}

/// The standard normal quantile, by Acklam's rational approximation (relative error below
/// 1.15e-9), "An algorithm for computing the inverse normal cumulative distribution function".
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p <= 0.0 {
        f64::NEG_INFINITY
    } else if p >= 1.0 {
        f64::INFINITY
    } else if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn normal_quantiles_match_published_tables() {
        // Standard normal table values.
        assert!(close(z(0.95), 1.959964, 1e-6));
        assert!(close(z(0.90), 1.644854, 1e-6));
        assert!(close(z(0.99), 2.575829, 1e-6));
        assert!(close(normal_quantile(0.5), 0.0, 1e-12));
        assert!(close(normal_quantile(0.001), -3.090232, 1e-6));
    }

    #[test]
    fn t_quantiles_match_published_tables() {
        // Student's t table, two-sided 95 % and 99 % (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.2).
        for (p, df, table) in [
            (0.975, 1.0, 12.706),
            (0.975, 2.0, 4.303),
            (0.975, 4.0, 2.776),
            (0.975, 9.0, 2.262),
            (0.975, 29.0, 2.045),
            (0.975, 30.0, 2.042),
            (0.975, 100.0, 1.984),
            (0.995, 4.0, 4.604),
            (0.995, 20.0, 2.845),
            (0.95, 10.0, 1.812),
        ] {
            let t = t_quantile(p, df);
            assert!(close(t, table, 0.0005), "t({p}, {df}) = {t}, table {table}");
        }
        assert!(close(t_quantile(0.975, 1e7), 1.959964, 1e-6));
    }

    #[test]
    fn mean_interval_matches_a_hand_computation() {
        // Scores 1, 2, 3, 4, 5 once each: mean 3, s² = 10 / 4 = 2.5, t(0.975, 4) = 2.776445,
        // half-width 2.776445 · √2.5 / √5 = 1.963243.
        let e = mean_estimate(&[0, 1, 1, 1, 1, 1], 0.95, (1.0, 5.0)).unwrap();
        assert_eq!(e.value, 3.0);
        assert!(close(e.low, 1.036757, 1e-5), "{e:?}");
        assert!(close(e.high, 4.963243, 1e-5), "{e:?}");
        // 20 answers (one 1, one 2, three 3s, four 4s, eleven 5s), recounted from the answers;
        // t(0.975, 19) = 2.093024 from the table.
        let counts = [0, 1, 1, 3, 4, 11];
        let n = 20.0;
        let mean = (1.0 + 2.0 + 9.0 + 16.0 + 55.0) / n;
        let ss: f64 = [(1.0, 1.0), (2.0, 1.0), (3.0, 3.0), (4.0, 4.0), (5.0, 11.0)]
            .iter()
            .map(|(k, c)| c * (k - mean) * (k - mean))
            .sum();
        let half = 2.093024 * (ss / 19.0).sqrt() / n.sqrt();
        let e = mean_estimate(&counts, 0.95, (1.0, 5.0)).unwrap();
        assert!(close(e.value, mean, 1e-12));
        assert!(
            close(e.low, mean - half, 1e-5) && close(e.high, mean + half, 1e-5),
            "{e:?}"
        );
        // Clamped to the scale, and no interval from one answer.
        let e = mean_estimate(&[0, 1, 0, 0, 0, 4], 0.95, (1.0, 5.0)).unwrap();
        assert_eq!(e.high, 5.0);
        assert_eq!(mean_estimate(&[0, 0, 0, 0, 0, 1], 0.95, (1.0, 5.0)), None);
        // All alike: no spread, no width.
        let e = mean_estimate(&[0, 0, 0, 0, 7, 0], 0.95, (1.0, 5.0)).unwrap();
        assert_eq!((e.low, e.value, e.high), (4.0, 4.0, 4.0));
    }

    #[test]
    fn anova_matches_a_hand_computation() {
        // Three groups of 10 answers scored 100 (satisfied) or 0: 8, 5 and 2 satisfied. Means
        // 80, 50, 20, grand mean 50. SSb = 10·(30² + 0 + 30²) = 18,000; SSt = 15·100² −
        // 30·50² = 75,000; SSw = 57,000; MSw = 57,000 / 27; F = 9,000 / MSw = 4.263158;
        // ω² = (18,000 − 2·MSw) / (75,000 + MSw) = 0.178674. With 2 degrees of freedom between,
        // P(F > f) = (1 + 2f/27)^(−27/2) exactly = 0.024603.
        let group = |satisfied: u64| (10, 100.0 * satisfied as f64, 1e4 * satisfied as f64);
        let a = one_way_anova(&[group(8), group(5), group(2)]).unwrap();
        assert_eq!((a.df_between, a.df_within), (2, 27));
        assert!(close(a.f, 4.263158, 1e-6), "{a:?}");
        assert!(close(a.share, 0.178674, 1e-6), "{a:?}");
        let exact = (1.0 + 2.0 * a.f / 27.0).powf(-13.5);
        assert!(
            close(a.p_value, exact, 1e-9) && close(exact, 0.024603, 1e-6),
            "{a:?}"
        );
        // Groups alike: nothing explained, and no test to speak of.
        let alike = one_way_anova(&[group(5), group(5), group(5)]).unwrap();
        assert_eq!((alike.share, alike.f), (0.0, 0.0));
        assert!(close(alike.p_value, 1.0, 1e-12));
        // Every answer the same, no variation within groups, or one group: no analysis.
        assert_eq!(one_way_anova(&[group(10), group(10)]), None);
        assert_eq!(one_way_anova(&[group(10), group(0)]), None);
        assert_eq!(one_way_anova(&[group(4)]), None);
    }

    #[test]
    fn nps_is_percent_promoters_minus_percent_detractors() {
        // 50 promoters, 30 passives, 20 detractors: 50 % − 20 % = 30.
        assert_eq!(nps(50, 20, 100), Some(30.0));
        assert_eq!(nps(0, 7, 7), Some(-100.0));
        assert_eq!(
            nps(1, 2, 3).map(|v| (v * 1e9).round() / 1e9),
            Some(-33.333333333)
        );
        assert_eq!(nps(0, 0, 0), None);
    }

    #[test]
    fn adjusted_wald_interval_matches_a_hand_computation() {
        // n = 100, 50 promoters, 20 detractors. By hand: n' = 103, p' = 50.75/103 = 0.492718,
        // d' = 20.75/103 = 0.201456, p' − d' = 0.291262,
        // var = (0.694175 − 0.084834)/103 = 0.005916, se = 0.076915,
        // 95 %: 0.291262 ± 1.959964 × 0.076915 = [0.140513, 0.442011].
        let e = nps_estimate(50, 20, 100, 0.95).unwrap();
        assert_eq!(e.value, 30.0);
        assert!(close(e.low, 14.0513, 1e-3), "{e:?}");
        assert!(close(e.high, 44.2011, 1e-3), "{e:?}");
    }

    #[test]
    fn adjusted_wald_interval_is_clamped_to_the_scale() {
        let all_promoters = nps_estimate(5, 0, 5, 0.95).unwrap();
        assert_eq!(all_promoters.value, 100.0);
        assert!(all_promoters.high <= 100.0 && all_promoters.low < 100.0);
        let all_detractors = nps_estimate(0, 3, 3, 0.99).unwrap();
        assert_eq!(all_detractors.low, -100.0);
    }

    #[test]
    fn benjamini_hochberg_matches_the_original_paper() {
        // Benjamini & Hochberg (1995), section 4: of these 15 p-values, the first four are
        // rejected at q = 0.05 (the largest i with p(i) ≤ i/15 × 0.05 is i = 4).
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.000,
        ];
        let q = benjamini_hochberg(&p);
        let rejected = q.iter().filter(|&&q| q <= 0.05).count();
        assert_eq!(rejected, 4, "{q:?}");
        // By hand: q(4) = 0.0095 × 15 / 4 = 0.035625; q(1) = min over ranks ≥ 1 = 0.0015.
        assert!(close(q[3], 0.035625, 1e-12));
        assert!(close(q[0], 0.0015, 1e-12));
        // Order given is kept.
        let shuffled = benjamini_hochberg(&[0.0095, 0.0001]);
        assert!(close(shuffled[0], 0.0095, 1e-12) && close(shuffled[1], 0.0002, 1e-12));
    }

    #[test]
    fn normal_p_values_match_the_table() {
        assert!(close(two_sided_p(1.959964), 0.05, 1e-6));
        assert!(close(two_sided_p(-2.575829), 0.01, 1e-6));
        assert!(close(two_sided_p(0.0), 1.0, 1e-12));
    }

    #[test]
    fn pearson_p_value_matches_critical_value_tables() {
        // Critical values of r at α = 0.05 (two-sided) from standard tables: df = 10 → 0.576,
        // df = 4 → 0.811. Points built to have exactly that r.
        for (n, r) in [(12usize, 0.576), (6, 0.811)] {
            let points = with_correlation(n, r);
            let c = pearson(&points).unwrap();
            assert!(close(c.r, r, 1e-9), "{c:?}");
            assert!(close(c.p_value, 0.05, 0.001), "{c:?}");
        }
        // Student's t: df = 10, t = 2.228 gives p = 0.05, i.e. r = t / sqrt(t² + df).
        let r = 2.228 / (2.228f64 * 2.228 + 10.0).sqrt();
        assert!(close(
            pearson(&with_correlation(12, r)).unwrap().p_value,
            0.05,
            0.0005
        ));
        assert_eq!(pearson(&[(1.0, 2.0), (2.0, 2.0), (3.0, 2.0)]), None);
        assert_eq!(pearson(&[(1.0, 2.0), (2.0, 3.0)]), None);
    }

    #[test]
    fn counted_points_correlate_as_the_points_repeated() {
        // A driver's answers (1-5) against scores (0-10), with how often each pair was seen.
        let counted = [
            (5.0, 10.0, 3),
            (4.0, 9.0, 2),
            (3.0, 7.0, 4),
            (2.0, 3.0, 1),
            (1.0, 0.0, 2),
        ];
        let repeated: Vec<(f64, f64)> = (counted.iter())
            .flat_map(|&(x, y, n)| std::iter::repeat_n((x, y), n as usize))
            .collect();
        let (a, b) = (
            pearson_counted(&counted).unwrap(),
            pearson(&repeated).unwrap(),
        );
        assert_eq!(a.n, 12);
        assert!(
            close(a.r, b.r, 1e-12) && close(a.p_value, b.p_value, 1e-12),
            "{a:?} {b:?}"
        );
        // Pairs seen no time at all change nothing; fewer than 3 answers give no r.
        let mut with_zero = counted.to_vec();
        with_zero.push((1.0, 10.0, 0));
        assert_eq!(pearson_counted(&with_zero), Some(a));
        assert_eq!(pearson_counted(&[(1.0, 0.0, 1), (5.0, 10.0, 1)]), None);
    }

    #[test]
    fn the_correlation_interval_is_fishers() {
        // The textbook example: r = 0.5 from 50 pairs, 95 %: z = atanh 0.5 = 0.5493, standard
        // error 1 / √47 = 0.1459, so z from 0.2634 to 0.8352, r from 0.2575 to 0.6833.
        let e = correlation_interval(0.5, 50, 0.95).unwrap();
        assert!(
            close(e.low, 0.2575, 0.0005) && close(e.high, 0.6833, 0.0005),
            "{e:?}"
        );
        assert_eq!(e.value, 0.5);
        // Narrower with more pairs, never past ±1, and none from 3 pairs.
        let wide = correlation_interval(0.9, 10, 0.95).unwrap();
        let narrow = correlation_interval(0.9, 1000, 0.95).unwrap();
        assert!(narrow.high - narrow.low < wide.high - wide.low && wide.high < 1.0);
        assert_eq!(correlation_interval(0.5, 3, 0.95), None);
    }

    /// `n` points whose Pearson correlation is exactly `r`: y = r·x + √(1 − r²)·e with x and e
    /// centred, of equal length and orthogonal.
    fn with_correlation(n: usize, r: f64) -> Vec<(f64, f64)> {
        let x: Vec<f64> = (0..n).map(|i| i as f64 - (n as f64 - 1.0) / 2.0).collect();
        // e: a centred sequence orthogonal to x (a symmetric one).
        let mut e: Vec<f64> = x.iter().map(|v| v * v).collect();
        let mean = e.iter().sum::<f64>() / n as f64;
        e.iter_mut().for_each(|v| *v -= mean);
        let norm = |v: &[f64]| v.iter().map(|a| a * a).sum::<f64>().sqrt();
        let (nx, ne) = (norm(&x), norm(&e));
        x.iter()
            .zip(&e)
            .map(|(a, b)| (a / nx, r * a / nx + (1.0 - r * r).sqrt() * b / ne))
            .collect()
    }

    #[test]
    fn nps_difference_matches_a_hand_computation() {
        // Before: 40 promoters, 30 detractors of 100 (NPS 10); after: 55 and 20 of 100 (NPS 35).
        // Adjusted: before p' = 40.75/103, d' = 30.75/103 → 0.097087,
        // var = (0.694175 − 0.009426) / 103 = 0.0066480; after p' = 55.75/103, d' = 20.75/103
        // → 0.339806, var = (0.742718 − 0.115466) / 103 = 0.0060898.
        // se = sqrt(0.0127378) = 0.112862; z = 0.242718 / 0.112862 = 2.15058; p = 0.03151.
        let d = nps_difference((40, 30, 100), (55, 20, 100), 0.95).unwrap();
        assert!(close(d.estimate.value, 25.0, 1e-9));
        assert!(close(d.p_value, 0.03151, 1e-4), "{d:?}");
        assert!(
            close(
                d.estimate.low,
                100.0 * (0.242718 - 1.959964 * 0.112862),
                1e-2
            ),
            "{d:?}"
        );
        // No change at all: p = 1.
        let same = nps_difference((40, 30, 100), (40, 30, 100), 0.95).unwrap();
        assert!(close(same.p_value, 1.0, 1e-12) && same.estimate.value == 0.0);
    }

    #[test]
    fn proportion_difference_matches_a_hand_computation() {
        // 45/100 then 60/100: pooled p = 0.525, se = sqrt(0.525 × 0.475 × 0.02) = 0.070622,
        // z = 0.15 / 0.070622 = 2.12398, p = 0.03367. Agresti-Caffo: p̃ = 46/102 = 0.45098 and
        // 61/102 = 0.59804, difference 0.147059; var = 0.0024266 + 0.0023535 = 0.0047801,
        // half-width = 1.959964 × 0.069139 = 0.135510.
        let d = proportion_difference((45, 100), (60, 100), 0.95).unwrap();
        assert!(close(d.estimate.value, 15.0, 1e-9));
        assert!(close(d.p_value, 0.03367, 1e-4), "{d:?}");
        assert!(
            close(d.estimate.low, 100.0 * (0.147059 - 0.135510), 1e-2),
            "{d:?}"
        );
        assert!(
            close(d.estimate.high, 100.0 * (0.147059 + 0.135510), 1e-2),
            "{d:?}"
        );
        assert_eq!(proportion_difference((0, 0), (1, 2), 0.95), None);
        assert_eq!(
            proportion_difference((5, 5), (7, 7), 0.95).unwrap().p_value,
            1.0
        );
    }

    #[test]
    fn an_interval_always_holds_its_score() {
        // One detractor, by hand: 4 adjusted answers, p = 0.75 / 4, d = 1.75 / 4, centre −0.25,
        // half 1.96 × √((0.625 − 0.0625) / 4) = 0.735: −98.5 to 48.5, past the score of −100.
        let e = nps_estimate(0, 1, 1, 0.95).unwrap();
        assert_eq!((e.value, e.low), (-100.0, -100.0), "{e:?}");
        assert!(close(e.high, 48.50, 0.01), "{e:?}");
        // Every answer a success: rounding left Wilson's upper end a hair under 100.
        let e = proportion_estimate(9168, 9168, 0.8273882999592708).unwrap();
        assert_eq!((e.value, e.high), (100.0, 100.0), "{e:?}");
    }

    #[test]
    fn wilson_interval_matches_a_published_example() {
        // Newcombe (1998), Statistics in Medicine 17, table II: 81/263 gives 0.2553 to 0.3662.
        let e = proportion_estimate(81, 263, 0.95).unwrap();
        assert!(close(e.low, 25.53, 0.01), "{e:?}");
        assert!(close(e.high, 36.62, 0.01), "{e:?}");
        // And 15/148 gives 0.0624 to 0.1605.
        let e = proportion_estimate(15, 148, 0.95).unwrap();
        assert!(close(e.low, 6.24, 0.01), "{e:?}");
        assert!(close(e.high, 16.05, 0.01), "{e:?}");
    }
}
