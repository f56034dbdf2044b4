//! Uncertainty of emission figures, carried as lognormal distributions.
//!
//! Conventions (documented here once, used everywhere):
//!
//! * A relative uncertainty `u` (a fraction, e.g. `0.10`) is the half-width of a 95 % interval,
//!   as ADEME's Base Empreinte states it. It is read as a multiplicative spread: the log-space
//!   standard deviation is `σ = ln(1 + u) / 1.96`, so that `e^{1.96 σ} = 1 + u`.
//! * The central value of a figure (factor value × activity quantity) is taken as the **mean** of
//!   its lognormal, so central values add up exactly and the reported total is the usual one.
//!   For a lognormal with mean `m` and log-sd `σ`, `μ = ln m − σ²/2`.
//! * A product of independent lognormals (activity × factor) is lognormal with
//!   `σ² = σ_activity² + σ_factor²` and mean = product of the means.
//! * A sum of independent lognormals (a post, a scope, an inventory) is approximated by the
//!   **Fenton–Wilkinson** method: match the first two moments,
//!   `E = Σ m_i`, `V = Σ m_i² (e^{σ_i²} − 1)`, then `σ_S² = ln(1 + V/E²)`, `μ_S = ln E − σ_S²/2`.
//! * The 95 % interval is `[e^{μ − 1.96 σ}, e^{μ + 1.96 σ}]`.
//! * Errors of one emission factor are shared by every line that uses it (if the electricity
//!   factor is 10 % too low, it is too low for every meter), while activity-data errors are
//!   independent. [`aggregate`] therefore sums the lines of each factor with their activity
//!   spread only (Fenton–Wilkinson), applies the factor's spread to the group as a whole
//!   (`σ_g² = σ_group-activity² + σ_factor²`), and sums the groups as independent. Treating
//!   factor errors as independent would make the interval of a million trips absurdly narrow.
//!
//! Relative uncertainties are capped at [`MAX_RELATIVE_UNCERTAINTY`] (σ ≤ 1.22): with σ < 1.96
//! the interval always contains the mean and widens when the uncertainty grows.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// z-score of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Largest accepted relative uncertainty (1000 %).
pub const MAX_RELATIVE_UNCERTAINTY: f64 = 10.0;

/// Log-space standard deviation for a relative 95 % uncertainty `u` (negative or NaN read as 0,
/// values above [`MAX_RELATIVE_UNCERTAINTY`] capped).
pub fn sigma_from_relative(u: f64) -> f64 {
    let u = if u.is_finite() && u > 0.0 {
        u.min(MAX_RELATIVE_UNCERTAINTY)
    } else {
        0.0
    };
    (1.0 + u).ln() / Z95
}

/// An emission figure in kgCO2e with its lognormal uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Central value (mean), kgCO2e.
    pub kg: f64,
    /// Log-space standard deviation.
    pub sigma: f64,
}

impl Estimate {
    /// Zero emissions, no uncertainty.
    pub const ZERO: Estimate = Estimate {
        kg: 0.0,
        sigma: 0.0,
    };

    /// A figure of `kg` with relative 95 % uncertainty `u`.
    pub fn new(kg: f64, u: f64) -> Self {
        Estimate {
            kg,
            sigma: sigma_from_relative(u),
        }
    }

    /// Product of an activity (relative uncertainty `u_activity`) and a factor (`u_factor`).
    pub fn product(kg: f64, u_activity: f64, u_factor: f64) -> Self {
        let sa = sigma_from_relative(u_activity);
        let sf = sigma_from_relative(u_factor);
        Estimate {
            kg,
            sigma: (sa * sa + sf * sf).sqrt(),
        }
    }

    /// Variance of the lognormal.
    fn variance(&self) -> f64 {
        self.kg * self.kg * (self.sigma * self.sigma).exp_m1()
    }

    /// Fenton–Wilkinson sum of independent figures. Negative central values (rare: credits) are
    /// added to the central value but carry no spread.
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a Estimate>) -> Estimate {
        let mut e = 0.0;
        let mut v = 0.0;
        for it in items {
            e += it.kg;
            if it.kg > 0.0 {
                v += it.variance();
            }
        }
        Self::from_moments(e, v)
    }

    fn from_moments(e: f64, v: f64) -> Estimate {
        if e <= 0.0 || v <= 0.0 {
            return Estimate { kg: e, sigma: 0.0 };
        }
        Estimate {
            kg: e,
            sigma: (v / (e * e)).ln_1p().sqrt(),
        }
    }

    /// Multiplies by an exact scalar (an ownership share, a doubling for a round trip).
    pub fn scale(&self, k: f64) -> Estimate {
        Estimate {
            kg: self.kg * k,
            sigma: self.sigma,
        }
    }

    /// Lower bound of the 95 % interval.
    pub fn low(&self) -> f64 {
        if self.kg <= 0.0 {
            return self.kg;
        }
        let mu = self.kg.ln() - self.sigma * self.sigma / 2.0;
        (mu - Z95 * self.sigma).exp()
    }

    /// Upper bound of the 95 % interval.
    pub fn high(&self) -> f64 {
        if self.kg <= 0.0 {
            return self.kg;
        }
        let mu = self.kg.ln() - self.sigma * self.sigma / 2.0;
        (mu + Z95 * self.sigma).exp()
    }

    /// Relative 95 % half-width on the upper side, `high/kg − 1`.
    pub fn relative_high(&self) -> f64 {
        if self.kg > 0.0 {
            self.high() / self.kg - 1.0
        } else {
            0.0
        }
    }
}

impl Default for Estimate {
    fn default() -> Self {
        Estimate::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_percent_is_about_ten_percent() {
        let e = Estimate::new(100.0, 0.10);
        assert!(e.low() < 100.0 && e.high() > 100.0);
        assert!((e.high() - 109.8).abs() < 0.5, "{}", e.high());
        assert!((e.low() - 90.7).abs() < 0.5, "{}", e.low());
    }

    #[test]
    fn single_term_sum_is_identity() {
        let e = Estimate::new(42.0, 0.3);
        let s = Estimate::sum([&e]);
        assert!((s.kg - e.kg).abs() < 1e-12);
        assert!((s.sigma - e.sigma).abs() < 1e-12);
    }
}

/// One term of an [`aggregate`]: a line's central value with its independent spread (activity
/// data) and its spread shared with every term of the same `shared_key` (the factor).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term<'a> {
    /// What the shared error belongs to (factor id and version).
    pub shared_key: &'a str,
    /// Central value, kgCO2e.
    pub kg: f64,
    /// Log-sd of the independent part.
    pub sigma_independent: f64,
    /// Log-sd of the shared part.
    pub sigma_shared: f64,
}

/// Sum of terms whose shared errors are fully correlated within a key and independent across
/// keys (see the module documentation).
pub fn aggregate<'a>(terms: impl IntoIterator<Item = Term<'a>>) -> Estimate {
    // per key: mean, variance of the independent parts, shared sigma
    let mut groups: HashMap<&'a str, (f64, f64, f64)> = HashMap::new();
    for t in terms {
        let g = groups.entry(t.shared_key).or_insert((0.0, 0.0, 0.0));
        g.0 += t.kg;
        if t.kg > 0.0 {
            g.1 += t.kg * t.kg * (t.sigma_independent * t.sigma_independent).exp_m1();
        }
        g.2 = g.2.max(t.sigma_shared);
    }
    let mut e = 0.0;
    let mut v = 0.0;
    for (_, (ge, gv, gs)) in groups {
        e += ge;
        if ge > 0.0 {
            let s_ind2 = if gv > 0.0 {
                (gv / (ge * ge)).ln_1p()
            } else {
                0.0
            };
            let s2 = s_ind2 + gs * gs;
            v += ge * ge * s2.exp_m1();
        }
    }
    Estimate::from_moments(e, v)
}
