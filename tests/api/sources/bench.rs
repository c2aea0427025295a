//! A measurement, ignored by default (filled in below).
