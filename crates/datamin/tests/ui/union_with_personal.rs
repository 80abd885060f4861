use datamin::Personal;

#[derive(Personal)]
#[personal]
union Secret {
    #[personal(credentials)]
    key: u64,
    plain: u32,
}

fn main() {}
