//! [`Shared`] and [`View`]: one seekable input read at several places at
//! once, each [`View`] with its own position. The records are read through
//! one view; the stack and thread of each record, when the reader does not
//! keep them, through others beside it (FORMAT.md's per-record segments,
//! after the records in the file). A view seeks only when the input is
//! not already where it reads, so one view alone reads straight on.
//!
//! The input's `Seek` is captured as a function when the reader is made
//! (where the input is known to seek), so that the types that read it
//! need only `Read`.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex, PoisonError};

/// Moves an input to an absolute position.
type SeekTo<R> = fn(&mut R, u64) -> io::Result<u64>;

/// `input.seek(SeekFrom::Start(position))`, for an input that can.
fn seek_to<R: Seek>(input: &mut R, position: u64) -> io::Result<u64> {
    input.seek(SeekFrom::Start(position))
}

/// The input, and where it is.
struct Inner<R> {
    input: R,
    /// Where the input is, when known.
    at: Option<u64>,
    seek: SeekTo<R>,
}

/// A seekable input that views read at their own positions.
pub(crate) struct Shared<R> {
    inner: Arc<Mutex<Inner<R>>>,
}

impl<R> Clone for Shared<R> {
    fn clone(&self) -> Self {
        Shared {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<R: Read + Seek> Shared<R> {
    /// Shares `input`, wherever it is.
    pub(crate) fn new(input: R) -> Self {
        Shared {
            inner: Arc::new(Mutex::new(Inner {
                input,
                at: None,
                seek: seek_to::<R>,
            })),
        }
    }
}

impl<R> Shared<R> {
    /// A view that reads from `position` on.
    pub(crate) fn view(&self, position: u64) -> View<R> {
        View {
            shared: self.clone(),
            position,
        }
    }
}

/// A place in a [`Shared`] input, read on from there.
pub(crate) struct View<R> {
    shared: Shared<R>,
    position: u64,
}

impl<R> std::fmt::Debug for View<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View")
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Read for View<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut inner = self
            .shared
            .inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let inner = &mut *inner;
        if inner.at != Some(self.position) {
            inner.at = None;
            (inner.seek)(&mut inner.input, self.position)?;
        }
        match inner.input.read(out) {
            Ok(n) => {
                self.position += n as u64;
                inner.at = Some(self.position);
                Ok(n)
            }
            Err(e) => {
                inner.at = None;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An input that counts its seeks.
    struct Counting {
        bytes: io::Cursor<Vec<u8>>,
        seeks: usize,
    }

    impl Read for Counting {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.bytes.read(out)
        }
    }

    impl Seek for Counting {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.seeks += 1;
            self.bytes.seek(to)
        }
    }

    #[test]
    fn views_read_their_own_places_and_seek_only_to_move_between_them() {
        let input = Counting {
            bytes: io::Cursor::new((0..=255).collect()),
            seeks: 0,
        };
        let shared = Shared::new(input);
        let (mut low, mut high) = (shared.view(0), shared.view(200));
        let mut two = [0u8; 2];
        for expected in [[0, 1], [2, 3], [4, 5]] {
            low.read_exact(&mut two).unwrap();
            assert_eq!(two, expected);
        }
        let seeks = |shared: &Shared<Counting>| shared.inner.lock().unwrap().input.seeks;
        assert_eq!(seeks(&shared), 1, "one view alone reads straight on");
        high.read_exact(&mut two).unwrap();
        assert_eq!(two, [200, 201]);
        low.read_exact(&mut two).unwrap();
        assert_eq!(two, [6, 7]);
        assert_eq!(seeks(&shared), 3);
        let mut rest = Vec::new();
        high.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, (202..=255).collect::<Vec<u8>>());
    }
}
