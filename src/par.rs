//! Order-keeping parallel map over a slice, on scoped threads: for the
//! per-record work of reading and checking large files (parse, validate,
//! evaluate), which is independent from record to record.

use std::num::NonZeroUsize;

/// Below this many items the work stays on the calling thread.
const SERIAL_BELOW: usize = 512;

/// Applies `f` to every item, in parallel chunks, and returns the results
/// in the items' order.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if threads < 2 || items.len() < SERIAL_BELOW {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut results = Vec::with_capacity(items.len());
        for worker in workers {
            match worker.join() {
                Ok(part) => results.extend(part),
                // A panic in `f` is a bug; carry it to the caller unchanged.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..10_000).collect();
        let squares = super::map(&items, |n| n * n);
        assert_eq!(squares.len(), items.len());
        assert!(
            squares
                .iter()
                .enumerate()
                .all(|(i, s)| *s == (i as u64) * (i as u64))
        );
        assert_eq!(super::map(&[3u8], |n| n + 1), vec![4]);
        assert!(super::map(&[] as &[u8], |n| *n).is_empty());
    }
}
