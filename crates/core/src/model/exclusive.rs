//! The recipients that stand outside every exclusive scope, known ahead of
//! the decisions.
//!
//! A write to a recipient is allowed only by an exclusive assignment when
//! an exclusive scope matches it (SPEC §3), so every write check asks each
//! exclusive scope's filter about its target — in a large organization,
//! more work than the rest of the check. Almost every recipient is outside
//! all of them, so the snapshot keeps one bit per recipient: set when the
//! recipient was found outside every exclusive scope.
//!
//! The bits are only ever a subset of the truth, which is what makes them
//! safe: a recipient without its bit is judged by the filters, as before.
//! A change takes the bit from every recipient whose standing it may move
//! (the recipient itself; a renamed group's members, whose MemberOfGroup
//! names it) and looks at those again when it ends. An exclusive scope
//! made or changed is asked about the recipients known outside the others;
//! one changed or removed has those not known outside looked at again. A
//! change that may move anyone's standing — an OU or a database renamed, a
//! rename when a filter reads Manager or ManagedBy — has every recipient
//! looked at again.

use super::directory::RecipientId;
use super::org::Organization;
use crate::engine::Target;

/// Filter properties whose value names *another* recipient, so that a
/// rename reaches recipients other than the one renamed.
const NAMING_OTHERS: &[&str] = &["Manager", "ManagedBy"];

/// One bit per recipient id.
pub(crate) type Bits = Vec<u64>;

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

fn set(bits: &mut Bits, i: usize) {
    let word = i / 64;
    if bits.len() <= word {
        bits.resize(word + 1, 0);
    }
    if let Some(w) = bits.get_mut(word) {
        *w |= 1 << (i % 64);
    }
}

fn clear(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w &= !(1 << (i % 64));
    }
}

impl Organization {
    /// Whether the recipient is known to be outside every exclusive scope.
    /// `false` says nothing: the filters must be asked.
    pub(crate) fn known_outside_exclusive(&self, id: RecipientId) -> bool {
        bit(&self.idx.outside_exclusive, id.raw() as usize)
    }

    /// The recipient's standing may change with the change under way: it
    /// is judged by the filters until the change ends and it is looked at
    /// again.
    pub(crate) fn touch_exclusive(&mut self, id: RecipientId) {
        clear(&mut self.idx.outside_exclusive, id.raw() as usize);
        if !self.idx.exclusive_scopes.is_empty() {
            self.idx.exclusive_recheck.push(id);
        } else if self.recipient(id).is_some() {
            // With no exclusive scope there is nothing to ask.
            set(&mut self.idx.outside_exclusive, id.raw() as usize);
        }
    }

    /// A recipient's name (and so its DN) changed: filters of other
    /// recipients may name it — its members' MemberOfGroup, and Manager
    /// or ManagedBy when an exclusive filter reads them.
    pub(crate) fn touch_exclusive_renamed(&mut self, id: RecipientId, members: &[RecipientId]) {
        self.touch_exclusive(id);
        for m in members {
            self.touch_exclusive(*m);
        }
        let names_others = self.exclusive_scopes().iter().any(|s| {
            self.scope(*s)
                .and_then(|s| s.filter.as_ref())
                .is_some_and(|f| {
                    f.properties()
                        .iter()
                        .any(|p| NAMING_OTHERS.iter().any(|n| n.eq_ignore_ascii_case(p)))
                })
        });
        if names_others {
            self.idx.exclusive_rebuild = true;
        }
    }

    /// Anyone's standing may have changed (an OU or a database renamed,
    /// a rename when filters name other recipients).
    pub(crate) fn touch_exclusive_all(&mut self) {
        self.idx.exclusive_rebuild = true;
    }

    /// At the end of a change: the recipients it touched are looked at
    /// again, and when exclusive scopes changed, those they may have moved
    /// (or everyone, when the change may have moved anyone).
    pub(crate) fn refresh_exclusive(&mut self) {
        let added = std::mem::take(&mut self.idx.exclusive_added);
        let loosened = std::mem::take(&mut self.idx.exclusive_loosened);
        if std::mem::take(&mut self.idx.exclusive_rebuild) {
            self.idx.exclusive_recheck.clear();
            self.idx.outside_exclusive = self.compute_outside_exclusive();
            return;
        }
        if !added.is_empty() || loosened {
            let mut bits = std::mem::take(&mut self.idx.outside_exclusive);
            for (id, _) in self.recipients() {
                let i = id.raw() as usize;
                if bit(&bits, i) {
                    // Outside the others: only a new or widened scope can
                    // have taken it in.
                    let mut subject = None;
                    if added
                        .iter()
                        .any(|s| self.scope_matches_in(*s, Target::Recipient(id), &mut subject))
                    {
                        clear(&mut bits, i);
                    }
                } else if loosened && self.outside_every_exclusive(id) {
                    set(&mut bits, i);
                }
            }
            self.idx.outside_exclusive = bits;
        }
        let todo = std::mem::take(&mut self.idx.exclusive_recheck);
        for id in todo {
            if self.recipient(id).is_some() && self.outside_every_exclusive(id) {
                set(&mut self.idx.outside_exclusive, id.raw() as usize);
            }
        }
    }

    /// Every recipient's bit, from the objects.
    pub(crate) fn compute_outside_exclusive(&self) -> Bits {
        let mut bits = Bits::new();
        for (id, _) in self.recipients() {
            if self.outside_every_exclusive(id) {
                set(&mut bits, id.raw() as usize);
            }
        }
        bits
    }

    fn outside_every_exclusive(&self, id: RecipientId) -> bool {
        let mut subject = None;
        !self
            .exclusive_scopes()
            .iter()
            .any(|s| self.scope_matches_in(*s, Target::Recipient(id), &mut subject))
    }

    /// Whether every set bit is right (and no change left work undone).
    pub(crate) fn outside_exclusive_consistent(&self) -> Result<(), String> {
        if self.idx.exclusive_rebuild
            || self.idx.exclusive_loosened
            || !self.idx.exclusive_added.is_empty()
            || !self.idx.exclusive_recheck.is_empty()
        {
            return Err("recipients are still to be looked at again".to_string());
        }
        let fresh = self.compute_outside_exclusive();
        let words = self.idx.outside_exclusive.len().max(fresh.len());
        for w in 0..words {
            let have = self.idx.outside_exclusive.get(w).copied().unwrap_or(0);
            let want = fresh.get(w).copied().unwrap_or(0);
            // A bit may be missing (the filters are asked), never extra.
            if have & !want != 0 {
                return Err(format!(
                    "recipient #{} is taken as outside every exclusive scope but isn't",
                    w * 64 + (have & !want).trailing_zeros() as usize
                ));
            }
            if have != want {
                return Err(format!(
                    "recipient #{} is outside every exclusive scope but not known to be",
                    w * 64 + (want & !have).trailing_zeros() as usize
                ));
            }
        }
        Ok(())
    }
}
