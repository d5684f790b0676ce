//! PHP: `composer.lock`.

pub(crate) mod composer_lock;
