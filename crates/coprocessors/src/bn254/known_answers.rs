//! Known answers for the BN254 precompiles, from facts about the curve rather than from
//! another implementation's test files: the generators (EIP-196/197), 2G, the group order
//! r, and identities every correct implementation satisfies. Each case is
//! `(kind, name, input, expected)`; add and mul inputs are at their full lengths.

/// The group order r (the field modulus p is 0x30644e72…3c208c16d87cfd47).
const R: &str = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
/// r + 1.
const R_PLUS_1: &str = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000002";
/// r - 1.
const R_MINUS_1: &str = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";
/// The G1 generator (1, 2).
const G: &str = concat!(
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000002"
);
/// -G = (1, p - 2).
const NEG_G: &str = concat!(
    "0000000000000000000000000000000000000000000000000000000000000001",
    "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"
);
/// 2G.
const G2X: &str = concat!(
    "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3",
    "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4"
);
/// -2G.
const NEG_2G: &str = concat!(
    "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3",
    "1a76dae6d3272396d0cbe61fced2bc532edac647851e3ac53ce1cc9c7e645a83"
);
/// The point at infinity.
const ZERO: &str = concat!(
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000"
);
/// The G2 generator of EIP-197, as `x_im || x_re || y_im || y_re`.
const H: &str = concat!(
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2",
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed",
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b",
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
);
const ZERO_G2: &str = concat!(
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000"
);
const TWO: &str = "0000000000000000000000000000000000000000000000000000000000000002";
const NIL: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const ONE: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// `(kind, name, input hex, expected hex)`; pairing results are one byte, 1 or 0.
pub fn cases() -> Vec<(&'static str, &'static str, String, String)> {
    let case = |kind, name, input: &[&str], expected: &str| {
        (kind, name, input.concat(), expected.to_owned())
    };
    vec![
        case("add", "G + G = 2G", &[G, G], G2X),
        case("add", "G + -G = 0", &[G, NEG_G], ZERO),
        case("add", "G + 0 = G", &[G, ZERO], G),
        case("add", "0 + G = G", &[ZERO, G], G),
        case("add", "0 + 0 = 0", &[ZERO, ZERO], ZERO),
        case("add", "2G + -2G = 0", &[G2X, NEG_2G], ZERO),
        case("mul", "2 G = 2G", &[G, TWO], G2X),
        case("mul", "0 G = 0", &[G, NIL], ZERO),
        case("mul", "1 G = G", &[G, ONE], G),
        case("mul", "r G = 0", &[G, R], ZERO),
        case("mul", "(r + 1) G = G", &[G, R_PLUS_1], G),
        case("mul", "(r - 1) 2G = -2G", &[G2X, R_MINUS_1], NEG_2G),
        case(
            "mul",
            "5 * 0 = 0",
            &[
                ZERO,
                "0000000000000000000000000000000000000000000000000000000000000005",
            ],
            ZERO,
        ),
        case("pairing", "empty input", &[], "01"),
        case("pairing", "e(G, H) e(-G, H) = 1", &[G, H, NEG_G, H], "01"),
        case(
            "pairing",
            "e(2G, H) e(-G, H) e(-G, H) = 1",
            &[G2X, H, NEG_G, H, NEG_G, H],
            "01",
        ),
        case("pairing", "e(G, H) != 1", &[G, H], "00"),
        case("pairing", "e(G, H) e(G, H) != 1", &[G, H, G, H], "00"),
        case("pairing", "e(0, H) = 1", &[ZERO, H], "01"),
        case("pairing", "e(G, 0) = 1", &[G, ZERO_G2], "01"),
    ]
}
