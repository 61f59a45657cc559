//! The three-variant `Event` decode against its hand-written floor, timed
//! in alternation, the minimum over many rounds: on a machine shared with
//! other work the minimum is the run nothing interrupted, so the ratio is
//! the codecs' own (criterion's medians move with the load).
//!
//! ```sh
//! cargo run --release --manifest-path memscope-bench/Cargo.toml --example event_ratio
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use memscope_bench::cases::{self, Event};

const EVENTS: usize = 10_000;
const ROUNDS: usize = 2_000;

fn main() {
    let events = cases::events(EVENTS);
    let bytes = cases::event_bytes(&events);
    cases::check_floors();
    let mut collected: Vec<Event> = Vec::with_capacity(EVENTS);
    let mut best = [Duration::MAX; 4];
    for _ in 0..ROUNDS {
        for (which, slot) in best.iter_mut().enumerate() {
            let start = Instant::now();
            match which {
                0 | 1 => {
                    let mut sum = 0u64;
                    let fold = |e: Event| sum = sum.rotate_left(5) ^ cases::checksum(&e);
                    match which {
                        0 => cases::decode_events(black_box(&bytes), fold),
                        _ => cases::hand_decode_events(black_box(&bytes), fold),
                    }
                    black_box(sum);
                }
                _ => {
                    collected.clear();
                    let push = |e: Event| collected.push(e);
                    match which {
                        2 => cases::decode_events(black_box(&bytes), push),
                        _ => cases::hand_decode_events(black_box(&bytes), push),
                    }
                    black_box(&collected);
                }
            }
            *slot = (*slot).min(start.elapsed());
        }
    }
    let [fold, hand_fold, collect, hand_collect] = best;
    println!(
        "decode_fold    derived {fold:>10.2?}  hand-written {hand_fold:>10.2?}  ratio {:.2}",
        fold.as_secs_f64() / hand_fold.as_secs_f64()
    );
    println!(
        "decode_collect derived {collect:>10.2?}  hand-written {hand_collect:>10.2?}  ratio {:.2}",
        collect.as_secs_f64() / hand_collect.as_secs_f64()
    );
}
