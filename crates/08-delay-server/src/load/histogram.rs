//! A latency histogram with fixed buckets: no allocation per sample, about 3% precision.

use std::time::Duration;

/// Samples below this many microseconds get a bucket each.
const LINEAR: u64 = 64;
/// Each power of two above that is cut into this many buckets (so a bucket is at most 1/32,
/// about 3%, of its values).
const SUB_BUCKETS: u64 = 32;
/// Enough buckets for any `u64` of microseconds.
const BUCKETS: usize = (LINEAR + (64 - 6) * SUB_BUCKETS) as usize;

/// Counts of latencies, in microseconds, by bucket (the scheme of HdrHistogram, simplified).
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            counts: vec![0; BUCKETS],
            total: 0,
            max: 0,
        }
    }
}

/// The bucket of `micros`: itself below 64; above, 32 buckets per power of two.
fn bucket(micros: u64) -> usize {
    if micros < LINEAR {
        return micros as usize;
    }
    let power = 63 - u64::from(micros.leading_zeros()); // 6 or more
    let sub = (micros >> (power - 5)) & (SUB_BUCKETS - 1);
    (LINEAR + (power - 6) * SUB_BUCKETS + sub) as usize
}

/// The largest value that falls in bucket `index`.
fn bucket_top(index: usize) -> u64 {
    let index = index as u64;
    if index < LINEAR {
        return index;
    }
    let power = (index - LINEAR) / SUB_BUCKETS + 6;
    let sub = (index - LINEAR) % SUB_BUCKETS;
    let width = 1u64 << (power - 5);
    ((SUB_BUCKETS + sub) << (power - 5)).saturating_add(width - 1)
}

impl Histogram {
    /// Adds one sample.
    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.counts[bucket(micros)] += 1;
        self.total += 1;
        self.max = self.max.max(micros);
    }

    /// How many samples.
    pub fn len(&self) -> u64 {
        self.total
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The latency that `fraction` (0.5 for the median, 0.99 for p99) of the samples are at or
    /// below: the top of its bucket, so never an underestimate by more than rounding.
    pub fn percentile(&self, fraction: f64) -> Duration {
        let rank = ((self.total as f64 * fraction).ceil() as u64).clamp(1, self.total.max(1));
        let mut seen = 0;
        for (index, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank && count > 0 {
                return Duration::from_micros(bucket_top(index).min(self.max));
            }
        }
        Duration::ZERO
    }

    /// The largest sample.
    pub fn max(&self) -> Duration {
        Duration::from_micros(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_value_in_order() {
        let mut previous_top = None;
        for index in 0..BUCKETS {
            let top = bucket_top(index);
            assert_eq!(bucket(top), index, "top of {index}");
            if let Some(previous) = previous_top {
                assert_eq!(bucket(previous + 1), index, "bottom of {index}");
            }
            previous_top = Some(top);
        }
        assert_eq!(bucket(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn percentiles_are_within_a_bucket() {
        let mut histogram = Histogram::default();
        for micros in 1..=1000 {
            histogram.record(Duration::from_micros(micros));
        }
        let p50 = histogram.percentile(0.5).as_micros() as f64;
        let p99 = histogram.percentile(0.99).as_micros() as f64;
        assert!((500.0..=500.0 * 1.04).contains(&p50), "{p50}");
        assert!((990.0..=1000.0).contains(&p99), "{p99}");
        assert_eq!(histogram.max(), Duration::from_micros(1000));
        assert_eq!(histogram.len(), 1000);
        assert_eq!(Histogram::default().percentile(0.5), Duration::ZERO);
    }
}
