//! OSV `affected` evaluation (written with the OSV range model).
