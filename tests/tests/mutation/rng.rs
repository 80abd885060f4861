//! A tiny deterministic generator (splitmix64): the same seed gives the same
//! mutations on every machine, and each iteration has its own stream, so one
//! iteration can be replayed without the ones before it.

/// splitmix64 (Steele, Lea and Flood, 2014): one add and three
/// xor-shift-multiplies per output; passes BigCrush, which is far more than
/// choosing mutations needs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl Rng {
    /// The stream of one iteration of a campaign.
    pub fn for_iteration(seed: u64, iteration: usize) -> Rng {
        let mut mixer = Rng(seed ^ (iteration as u64).wrapping_mul(GOLDEN));
        Rng(mixer.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0). The modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        usize::try_from(self.next_u64() % n as u64).expect("below n")
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `num` times out of `den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64().to_le_bytes()[0]
    }
}

#[test]
fn the_stream_of_an_iteration_is_fixed() {
    let mut a = Rng::for_iteration(7, 3);
    let mut b = Rng::for_iteration(7, 3);
    let first: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
    assert_eq!(first, (0..4).map(|_| b.next_u64()).collect::<Vec<_>>());
    assert_ne!(
        first[0],
        Rng::for_iteration(7, 4).next_u64(),
        "iterations differ"
    );
    // splitmix64's first output for state 0 (the reference value).
    assert_eq!(Rng(0).next_u64(), 0xe220_a839_7b1d_cdaf);
}
