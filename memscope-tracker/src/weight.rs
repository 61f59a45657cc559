//! [`sample_weight`]: what one sampled block stands for, shared by the
//! samplers, the call-site counts and every reader of a sampled file.

/// What an unbiased estimate counts for one sampled block of `size` bytes
/// sampled at mean `mean`: the inverse of its probability of being
/// sampled, `1 / (1 - e^(-size/mean))`. A block's estimated bytes are
/// `size * weight`, its estimated count `weight`. At least 1; a block of
/// size 0 (which no sample can hit) counts 1, and so does a mean of 0 or 1
/// (recorded with certainty: samplers draw at a mean of at least 2).
///
/// ```
/// use memscope_tracker::sample_weight;
///
/// // A block as large as the mean is sampled 63% of the time.
/// assert!((sample_weight(512 << 10, 512 << 10) - 1.582).abs() < 0.001);
/// // A small one stands for about mean/size blocks like it.
/// assert!((sample_weight(64, 512 << 10) - 8192.5).abs() < 0.1);
/// // A huge one is certain.
/// assert_eq!(sample_weight(1 << 40, 512 << 10), 1.0);
/// ```
pub fn sample_weight(size: u64, mean: u64) -> f64 {
    if size == 0 || mean <= 1 {
        return 1.0;
    }
    let probability = -(-(size as f64) / mean as f64).exp_m1();
    (1.0 / probability).max(1.0)
}
