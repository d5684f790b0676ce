//! Dart and Flutter: `pubspec.lock`.

pub(crate) mod pubspec_lock;
