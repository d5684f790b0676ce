//! C and C++: `conan.lock`.

pub(crate) mod conan_lock;
