//! Randomness that is the same on every machine and every run: a ChaCha8 stream keyed by the seed
//! and the table, one stream per column, positioned by row. A cell's value depends only on
//! (seed, table, column, row), so adding a table or a column changes no other cell.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// FNV-1a, 64 bits: a stable hash of names (std's hashers may change between Rust releases).
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0xffu8)) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix64(hash)
}

/// A bijective 64-bit finaliser (SplitMix64's): spreads nearby inputs far apart.
pub fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The 32-byte ChaCha key of one table under one seed.
pub fn table_key(seed: u64, table: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, chunk) in key.chunks_mut(8).enumerate() {
        let word = stable_hash(&[&seed.to_le_bytes(), table.as_bytes(), &[i as u8]]);
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    key
}

/// Blocks of 64 bytes each row may use in one column before it would reach the next row's.
const BLOCKS_PER_ROW: u64 = 1 << 12;

/// The generator of one column (or another named stream) of one table; [`CellRng::at`] positions
/// it at a row.
pub struct CellRng {
    rng: ChaCha8Rng,
}

impl CellRng {
    pub fn new(key: &[u8; 32], stream: &str) -> Self {
        let mut rng = ChaCha8Rng::from_seed(*key);
        rng.set_stream(stable_hash(&[stream.as_bytes()]));
        Self { rng }
    }

    /// The stream positioned at `row` (and `attempt`, when a row is regenerated).
    pub fn at(&mut self, row: u64, attempt: u32) -> &mut ChaCha8Rng {
        let block = row.wrapping_mul(BLOCKS_PER_ROW).wrapping_add(u64::from(attempt) * 64);
        self.rng.set_block_pos(block);
        &mut self.rng
    }
}

/// Uniform integer in `[0, n)` by Lemire's multiply-shift with rejection: exact and portable.
pub fn below(rng: &mut impl rand::Rng, n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let threshold = n.wrapping_neg() % n;
    loop {
        let x = rng.next_u64();
        let m = u128::from(x) * u128::from(n);
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// Uniform integer in `[lo, hi]`.
pub fn between(rng: &mut impl rand::Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        return lo;
    }
    let span = (hi as i128 - lo as i128 + 1) as u128;
    if span > u128::from(u64::MAX) {
        return rng.next_u64() as i64;
    }
    (lo as i128 + below(rng, span as u64) as i128) as i64
}

/// A uniform float in `[0, 1)` from 53 random bits.
pub fn unit(rng: &mut impl rand::Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Whether an event of probability `p` happens.
pub fn chance(rng: &mut impl rand::Rng, p: f64) -> bool {
    p > 0.0 && unit(rng) < p
}

/// A keyed pseudo-random permutation of `[0, n)`: a four-round Feistel network over the next even
/// power of two, cycle-walking back into range. Distinct inputs give distinct outputs, with no table.
#[derive(Debug, Clone, Copy)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    key: u64,
}

impl Permutation {
    pub fn new(n: u64, key: u64) -> Self {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        Self { n, half_bits, key }
    }

    pub fn apply(&self, i: u64) -> u64 {
        if self.n <= 1 {
            return 0;
        }
        let mut x = i;
        loop {
            x = self.round_trip(x);
            if x < self.n {
                return x;
            }
        }
    }

    fn round_trip(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for round in 0..4u64 {
            let f = mix64(right ^ self.key.wrapping_add(round.wrapping_mul(0x9e37_79b9_7f4a_7c15))) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_bijections() {
        for n in [1u64, 2, 3, 7, 10, 100, 1000, 4097] {
            let p = Permutation::new(n, 42);
            let mut seen: Vec<u64> = (0..n).map(|i| p.apply(i)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
    }

    #[test]
    fn cells_depend_only_on_their_coordinates() {
        let key = table_key(7, "users");
        let mut a = CellRng::new(&key, "email");
        let mut b = CellRng::new(&key, "email");
        let first = rand::Rng::next_u64(a.at(5, 0));
        let _ = rand::Rng::next_u64(b.at(3, 0));
        assert_eq!(rand::Rng::next_u64(b.at(5, 0)), first);
        assert_ne!(rand::Rng::next_u64(a.at(6, 0)), first);
    }
}
