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
    Some(Estimate {
        value,
        low: (100.0 * (centre - half)).max(-100.0),
        high: (100.0 * (centre + half)).min(100.0),
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
    Some(Estimate {
        value: 100.0 * p,
        low: (100.0 * (centre - half)).max(0.0),
        high: (100.0 * (centre + half)).min(100.0),
    })
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
