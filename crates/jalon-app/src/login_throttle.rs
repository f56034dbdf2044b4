//! Slowing password guessing without locking the real owner out.
//!
//! A hard lock after five failures lets anyone keep `admin` out by typing five wrong
//! passwords a minute. Here failures are counted per *account and address* and per
//! *address*: past the free tries, each further failure doubles the wait before the next try
//! from there (1 s, 2 s, 4 s … up to a ceiling). Someone guessing from one address is slowed
//! down to a try per ceiling; the owner signing in from another address is not affected. An
//! address that tries many accounts (spraying) is slowed the same way, past more free tries.
//!
//! Keys are digests (a fixed size whatever was typed) and the map holds at most
//! 10,000 of them, forgetting finished runs first: failed logins cannot grow memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::auth::sha256_hex;

/// How many keys are remembered at most.
pub(crate) const MAX_TRACKED: usize = 10_000;

/// Failures older than this start a new run.
const RUN: Duration = Duration::from_secs(15 * 60);

/// How the throttle counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRules {
    /// Failures for one account from one address before waits begin.
    pub free_per_account: u32,
    /// Failures from one address, whatever the account, before waits begin.
    pub free_per_address: u32,
    /// The longest wait between two tries.
    pub ceiling: Duration,
}

/// One key's run of failures.
#[derive(Debug, Clone, Copy)]
struct Strikes {
    count: u32,
    last: Instant,
    next_try: Instant,
}

/// Failed logins, per account and address and per address.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    strikes: Mutex<HashMap<String, Strikes>>,
}

/// The keys one attempt is counted under, with their free tries.
fn keys(username: &str, from: Option<IpAddr>, rules: ThrottleRules) -> Vec<(String, u32)> {
    let address = from.map(|a| a.to_string()).unwrap_or_default();
    let mut keys = vec![(
        sha256_hex(&format!("account\n{username}\n{address}")),
        rules.free_per_account,
    )];
    if from.is_some() {
        keys.push((
            sha256_hex(&format!("address\n{address}")),
            rules.free_per_address,
        ));
    }
    keys
}

/// The wait after `count` failures with `free` free tries.
fn wait_after(count: u32, free: u32, ceiling: Duration) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let doublings = (count - free).min(30);
    Duration::from_secs(1u64 << doublings).min(ceiling)
}

impl LoginThrottle {
    /// How long `username` from `from` must wait before trying again, if at all.
    pub fn wait(
        &self,
        username: &str,
        from: Option<IpAddr>,
        rules: ThrottleRules,
        now: Instant,
    ) -> Option<Duration> {
        let strikes = self.strikes.lock().ok()?;
        keys(username, from, rules)
            .iter()
            .filter_map(|(key, _)| strikes.get(key))
            .map(|s| s.next_try.saturating_duration_since(now))
            .filter(|w| !w.is_zero())
            .max()
    }

    /// Counts a failed login.
    pub fn fail(&self, username: &str, from: Option<IpAddr>, rules: ThrottleRules, now: Instant) {
        let Ok(mut strikes) = self.strikes.lock() else {
            return;
        };
        for (key, free) in keys(username, from, rules) {
            if !strikes.contains_key(&key) {
                make_room(&mut strikes, now);
            }
            let s = strikes.entry(key).or_insert(Strikes {
                count: 0,
                last: now,
                next_try: now,
            });
            if now.saturating_duration_since(s.last) > RUN {
                s.count = 0;
            }
            s.count += 1;
            s.last = now;
            s.next_try = now + wait_after(s.count, free, rules.ceiling);
        }
    }

    /// Forgets the failures of `username` from `from` after a successful login; those of the
    /// address stay (a valid account does not reset a sprayer's count).
    pub fn succeed(&self, username: &str, from: Option<IpAddr>, rules: ThrottleRules) {
        if let Ok(mut strikes) = self.strikes.lock()
            && let Some((key, _)) = keys(username, from, rules).into_iter().next()
        {
            strikes.remove(&key);
        }
    }

    /// How many keys are remembered.
    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.strikes.lock().map_or(0, |s| s.len())
    }
}

/// Keeps the map under [`MAX_TRACKED`]: runs that are over go first, then the oldest.
fn make_room(strikes: &mut HashMap<String, Strikes>, now: Instant) {
    if strikes.len() < MAX_TRACKED {
        return;
    }
    strikes.retain(|_, s| now.saturating_duration_since(s.last) <= RUN);
    while strikes.len() >= MAX_TRACKED {
        let Some(oldest) = strikes
            .iter()
            .min_by_key(|(_, s)| s.last)
            .map(|(k, _)| k.clone())
        else {
            break;
        };
        strikes.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: ThrottleRules = ThrottleRules {
        free_per_account: 5,
        free_per_address: 20,
        ceiling: Duration::from_secs(60),
    };

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn waits_double_past_the_free_tries_up_to_the_ceiling() {
        let waits: Vec<u64> = (1..=13)
            .map(|n| wait_after(n, 5, RULES.ceiling).as_secs())
            .collect();
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(wait_after(u32::MAX, 5, RULES.ceiling).as_secs(), 60);
    }

    #[test]
    fn an_attack_from_one_address_does_not_keep_the_owner_out() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let attacker = ip("203.0.113.7");
        for _ in 0..50 {
            throttle.fail("admin", attacker, RULES, now);
        }
        assert_eq!(
            throttle.wait("admin", attacker, RULES, now),
            Some(RULES.ceiling)
        );
        // The owner, from their own address, is not kept waiting.
        assert_eq!(throttle.wait("admin", ip("198.51.100.2"), RULES, now), None);
        // The attacker waits the ceiling at most, then may try once more.
        let later = now + RULES.ceiling;
        assert_eq!(throttle.wait("admin", attacker, RULES, later), None);
    }

    #[test]
    fn spraying_many_accounts_from_one_address_is_slowed() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let sprayer = ip("203.0.113.9");
        for i in 0..20 {
            throttle.fail(&format!("user{i}"), sprayer, RULES, now);
        }
        // No account was tried more than once, yet the address waits.
        assert!(throttle.wait("someone-else", sprayer, RULES, now).is_some());
        assert_eq!(
            throttle.wait("someone-else", ip("192.0.2.1"), RULES, now),
            None
        );
    }

    #[test]
    fn success_forgets_the_account_but_not_the_address() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let from = ip("192.0.2.10");
        for i in 0..25 {
            throttle.fail(&format!("u{i}"), from, RULES, now);
        }
        for _ in 0..5 {
            throttle.fail("editeur", from, RULES, now);
        }
        throttle.succeed("editeur", from, RULES);
        assert!(
            throttle.wait("editeur", from, RULES, now).is_some(),
            "the address still waits"
        );
        let elsewhere = ip("192.0.2.11");
        for _ in 0..5 {
            throttle.fail("editeur", elsewhere, RULES, now);
        }
        throttle.succeed("editeur", elsewhere, RULES);
        assert_eq!(throttle.wait("editeur", elsewhere, RULES, now), None);
    }

    #[test]
    fn a_run_ends_after_a_quiet_quarter_hour() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..8 {
            throttle.fail("admin", None, RULES, now);
        }
        let quiet = now + RUN + Duration::from_secs(1);
        throttle.fail("admin", None, RULES, quiet);
        assert_eq!(
            throttle.wait("admin", None, RULES, quiet),
            None,
            "one failure"
        );
    }

    #[test]
    fn failed_logins_keep_bounded_memory_whatever_is_typed() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let huge = "x".repeat(1 << 16);
        for i in 0..(MAX_TRACKED + 500) {
            throttle.fail(&format!("{i}{huge}"), None, RULES, now);
        }
        assert_eq!(throttle.tracked(), MAX_TRACKED);
        // Keys are digests: 64 KB typed is 64 characters kept.
        let keys = throttle.strikes.lock().expect("lock");
        assert!(keys.keys().all(|k| k.len() == 64));
    }
}
