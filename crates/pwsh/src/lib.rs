//! placeholder crate root, replaced by the real module tree
