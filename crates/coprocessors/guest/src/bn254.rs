//! (being written)

pub fn run(_name: &str, _plain: bool) -> bool {
    false
}
