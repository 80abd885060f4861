use datamin::{Personal, RedactedDebug};

#[derive(Personal)]
union Bits {
    int: u32,
    float: f32,
}

#[derive(RedactedDebug)]
union MoreBits {
    int: u32,
}

fn main() {}
