//! A ratatui backend that writes through crossterm's backend but reports
//! the session's own size and never asks the terminal anything.
//!
//! crossterm's `size()` and cursor queries read the process's own terminal;
//! over SSH that is the server's terminal (or none), and in benchmarks there
//! is no terminal at all. The session says how big it is instead.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub struct SessionBackend<W: Write> {
    inner: CrosstermBackend<W>,
    size: Size,
    cursor: Position,
}

impl<W: Write> SessionBackend<W> {
    pub fn new(writer: W, width: u16, height: u16) -> SessionBackend<W> {
        SessionBackend {
            inner: CrosstermBackend::new(writer),
            size: Size::new(width, height),
            cursor: Position::ORIGIN,
        }
    }

    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = Size::new(width, height);
    }

    pub fn writer(&self) -> &W {
        self.inner.writer()
    }

    pub fn writer_mut(&mut self) -> &mut W {
        self.inner.writer_mut()
    }
}

impl<W: Write> Backend for SessionBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
