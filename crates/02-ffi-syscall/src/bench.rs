//! `ffi-syscall bench`: what each level costs per call, measured, not guessed.
//!
//! Each level writes one byte to the null device (`/dev/null`, `NUL` on Windows), which
//! throws it away at once, so what is left to measure is the cost of getting into the kernel
//! and back. Rounds alternate between the levels so that a noisy moment hurts them all alike,
//! and the median round is shown.

use std::fmt::Display;
use std::hint::black_box;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

/// What `bench` was asked to do.
pub struct Options {
    rounds: u32,
    calls: u32,
}

impl Options {
    /// Parses `[--rounds N] [--calls N]`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            rounds: 11,
            calls: 200_000,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--rounds" => &mut options.rounds,
                "--calls" => &mut options.calls,
                other => return Err(format!("unknown bench option `{other}`")),
            };
            let value = args.next().ok_or(format!("`{flag}` needs a number"))?;
            *slot = match value.parse() {
                Ok(n) if n > 0 => n,
                _ => return Err(format!("`{flag} {value}`: expected a whole number above 0")),
            };
        }
        Ok(options)
    }
}

type Level<'a> = (&'static str, Box<dyn FnMut() -> Result<(), String> + 'a>);

/// Runs the measurement and prints the table.
pub fn run(options: &Options) -> ExitCode {
    let null_path = crate::demo::NULL_DEVICE;
    let null = match std::fs::OpenOptions::new().write(true).open(null_path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("ffi-syscall: cannot open {null_path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut levels: Vec<Level> = Vec::new();
    let null_fd = crate::demo::descriptor_of(&null);
    // The raw level only where lesson 01 has one (a first write says whether it does).
    if crate::demo::raw_write(null_fd, b"x").is_some() {
        levels.push((
            "raw syscall (lesson 01)",
            Box::new(move || {
                crate::demo::raw_write(null_fd, b"x").map_or(Err("no raw syscall".into()), check)
            }),
        ));
    }
    levels.push((
        "OS library by FFI",
        Box::new(move || check(ffi_syscall::write(null_fd, b"x"))),
    ));
    let std_file = &null;
    levels.push((
        "std File::write",
        Box::new(move || check((&*std_file).write(b"x"))),
    ));

    if cfg!(debug_assertions) {
        println!("note: this is a debug build; add --release for numbers worth comparing.");
    }
    println!(
        "ns per 1-byte write to {null_path}: median of {} rounds of {} calls each",
        options.rounds, options.calls
    );
    // A progress line only for a person watching, not in a log or a pipe.
    let show_progress = std::io::stderr().is_terminal();
    let mut per_call: Vec<Vec<f64>> = vec![Vec::new(); levels.len()];
    for round in 1..=options.rounds {
        for (times, (name, write_once)) in per_call.iter_mut().zip(levels.iter_mut()) {
            let started = Instant::now();
            for _ in 0..options.calls {
                if let Err(error) = black_box(write_once()) {
                    eprintln!("ffi-syscall: {name}: a write failed: {error}");
                    return ExitCode::FAILURE;
                }
            }
            times.push(started.elapsed().as_nanos() as f64 / f64::from(options.calls));
        }
        if show_progress {
            eprint!("\rround {round}/{}", options.rounds);
        }
    }
    if show_progress {
        eprint!("\r{:20}\r", "");
    }
    println!("  {:<26} {:>8} {:>8}", "level", "median", "fastest");
    let mut medians = Vec::new();
    for (times, (name, _)) in per_call.iter_mut().zip(&levels) {
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!("  {name:<26} {median:>8.1} {:>8.1}", times[0]);
        medians.push(median);
    }
    let (cheapest, dearest) = medians
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &m| (lo.min(m), hi.max(m)));
    println!(
        "The kernel round trip is most of the cost: the dearest level takes {:.0}% longer than the cheapest.",
        (dearest / cheapest - 1.0) * 100.0
    );
    ExitCode::SUCCESS
}

fn check<E: Display>(result: Result<usize, E>) -> Result<(), String> {
    match result {
        Ok(1) => Ok(()),
        Ok(n) => Err(format!("wrote {n} bytes instead of 1")),
        Err(error) => Err(error.to_string()),
    }
}
