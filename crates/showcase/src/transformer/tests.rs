//! The model's fixed-point pieces and its causal structure, natively.

use super::model::inference::{isqrt, softmax};
use super::model::{MAX_TOKENS, VOCAB};
use super::{DEMO_PROMPT, DEMO_SEED, Outcome, SHOWCASE, encode_input, input, logits, weights};

fn demo_tokens() -> Vec<u16> {
    DEMO_PROMPT.iter().map(|&b| u16::from(b)).collect()
}

#[test]
fn isqrt_is_the_floor_of_the_square_root() {
    let edges = [
        0,
        1,
        2,
        3,
        4,
        15,
        16,
        17,
        u32::MAX - 1,
        u32::MAX,
        1 << 30,
        (1 << 30) - 1,
    ];
    for n in (0..100_000)
        .chain(edges)
        .chain((1..65_536u32).map(|r| r * r - 1))
    {
        assert_eq!(isqrt(n), n.isqrt(), "{n}");
    }
}

#[test]
fn softmax_masks_the_future_and_sums_to_128() {
    let n = 5;
    // Equal scores: uniform over the visible positions.
    let mut weights = [0; 25];
    softmax(&[7; 25], n, 128, &mut weights);
    for (i, row) in weights.chunks_exact(n).enumerate() {
        assert!(
            row[i + 1..].iter().all(|&w| w == 0),
            "row {i} sees the future"
        );
        let visible = i + 1;
        let expected = (256 + visible) / (2 * visible); // round(128 / visible)
        assert!(
            row[..=i]
                .iter()
                .all(|&w| usize::from(w as u8) == expected.min(127))
        );
    }
    // With scale 128, a Q·K difference of 4096 is 8 steps = 1 nat: weights 1 : e^-1 : e^-2.
    let mut scores = [0; 25];
    scores[2 * n..2 * n + 3].copy_from_slice(&[4096, 0, -4096]);
    softmax(&scores, n, 128, &mut weights);
    assert_eq!(&weights[2 * n..3 * n], &[85, 31, 12, 0, 0]);
    // A gap beyond the table gives 0, and huge scores do not overflow.
    scores[3 * n..3 * n + 4].copy_from_slice(&[i32::MAX, 0, i32::MIN, 0]);
    softmax(&scores, n, u16::MAX, &mut weights);
    assert_eq!(&weights[3 * n..4 * n], &[127, 0, 0, 0, 0]);
}

#[test]
fn logits_of_a_prefix_are_a_prefix_of_the_logits() {
    let weights = weights::generate(DEMO_SEED);
    let tokens = demo_tokens();
    let full = logits(&tokens, &weights).unwrap();
    for n in [1, 9, MAX_TOKENS - 1] {
        assert_eq!(logits(&tokens[..n], &weights).unwrap(), full[..n * VOCAB]);
    }
    // A different last token changes the last row only.
    let mut changed = tokens.clone();
    changed[MAX_TOKENS - 1] ^= 1;
    let other = logits(&changed, &weights).unwrap();
    let last = (MAX_TOKENS - 1) * VOCAB;
    assert_eq!(other[..last], full[..last]);
    assert_ne!(other[last..], full[last..]);
}

#[test]
fn the_model_is_not_degenerate() {
    let outcome = Outcome::compute(&demo_tokens(), &weights::generate(DEMO_SEED)).unwrap();
    let mut distinct = outcome.predictions.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() > 16, "{:?}", outcome.predictions);
    let other = Outcome::compute(&demo_tokens(), &weights::generate(DEMO_SEED + 1)).unwrap();
    assert_ne!(other.model_id, outcome.model_id);
    assert_ne!(other.predictions, outcome.predictions);
}

#[test]
fn check_rejects_a_wrong_journal() {
    let input = input();
    let outcome = super::expected(&input).unwrap();
    let journal = outcome.to_journal();
    assert!((SHOWCASE.check)(&input, &journal).is_ok());

    let mut wrong = outcome.clone();
    wrong.logits_keccak[0] ^= 1;
    let error = (SHOWCASE.check)(&input, &wrong.to_journal()).unwrap_err();
    assert!(error.contains("logits hash"), "{error}");
    let mut wrong = outcome.clone();
    wrong.predictions[31] = wrong.predictions[31].wrapping_add(1);
    let error = (SHOWCASE.check)(&input, &wrong.to_journal()).unwrap_err();
    assert!(error.contains("predictions"), "{error}");
    assert!((SHOWCASE.check)(&input, &journal[..journal.len() - 1]).is_err());

    // Inputs the guest refuses are refused by the check too, with the guest's message.
    let bad = encode_input(&[300], &weights::generate(1));
    let error = (SHOWCASE.check)(&bad, &journal).unwrap_err();
    assert!(error.contains("token 300 at position 0"), "{error}");
}
