//! Dense storage with stable numeric ids: decisions index by id, never by name.

use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// A stable index into an [`Arena`]. Removed slots are never reused, so an id
/// outlives its object safely (it then resolves to nothing).
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id<T> {
    raw: u32,
    #[serde(skip)]
    _t: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// The id with this raw index.
    pub fn from_raw(raw: u32) -> Self {
        Id {
            raw,
            _t: PhantomData,
        }
    }
    /// The raw index.
    pub fn raw(self) -> u32 {
        self.raw
    }
    fn index(self) -> usize {
        self.raw as usize
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, o: &Self) -> bool {
        self.raw == o.raw
    }
}
impl<T> Eq for Id<T> {}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.raw.cmp(&o.raw)
    }
}
impl<T> std::hash::Hash for Id<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.raw.hash(h)
    }
}
impl<T> std::fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.raw)
    }
}

/// Objects of one kind, addressed by [`Id`]. It remembers which slots
/// changed since the store last asked, so a commit writes only those.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Arena<T> {
    slots: Vec<Option<T>>,
    #[serde(skip)]
    dirty: std::collections::BTreeSet<u32>,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            slots: Vec::new(),
            dirty: Default::default(),
        }
    }
}

impl<T> Arena<T> {
    /// Stores a value and returns its new id.
    pub fn insert(&mut self, value: T) -> Id<T> {
        let id = Id::from_raw(u32::try_from(self.slots.len()).unwrap_or(u32::MAX));
        self.slots.push(Some(value));
        self.dirty.insert(id.raw);
        id
    }
    /// The id the next insert will return.
    pub fn next_id(&self) -> Id<T> {
        Id::from_raw(u32::try_from(self.slots.len()).unwrap_or(u32::MAX))
    }
    /// The live object with this id.
    pub fn get(&self, id: Id<T>) -> Option<&T> {
        self.slots.get(id.index()).and_then(Option::as_ref)
    }
    /// The live object with this id, to change it.
    pub fn get_mut(&mut self, id: Id<T>) -> Option<&mut T> {
        let slot = self.slots.get_mut(id.index()).and_then(Option::as_mut);
        if slot.is_some() {
            self.dirty.insert(id.raw);
        }
        slot
    }
    /// An object to change in a way that isn't a change of the object
    /// (an index derived from it), so not marked as changed.
    pub(crate) fn get_mut_clean(&mut self, id: Id<T>) -> Option<&mut T> {
        self.slots.get_mut(id.index()).and_then(Option::as_mut)
    }
    /// Removes an object; its id stays retired.
    pub fn remove(&mut self, id: Id<T>) -> Option<T> {
        let gone = self.slots.get_mut(id.index()).and_then(Option::take);
        if gone.is_some() {
            self.dirty.insert(id.raw);
        }
        gone
    }
    /// Ids changed (created, touched or removed) since the last call.
    pub fn take_dirty(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.dirty).into_iter().collect()
    }
    /// Whether a slot changed since the last [`Arena::take_dirty`].
    pub(crate) fn has_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }
    /// Forgets pending changes (the state was just loaded or saved whole).
    pub fn clear_dirty(&mut self) {
        self.dirty.clear();
    }
    /// Rebuilds an arena from stored slots; ids keep their numbers and the
    /// gaps stay retired. Ids at or past `u32::MAX` are refused.
    pub fn restore(items: Vec<(u32, T)>) -> Option<Arena<T>> {
        let len = items
            .iter()
            .map(|(i, _)| *i as usize + 1)
            .max()
            .unwrap_or(0);
        if len > u32::MAX as usize {
            return None;
        }
        let mut slots: Vec<Option<T>> = (0..len).map(|_| None).collect();
        for (i, v) in items {
            let slot = slots.get_mut(i as usize)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(v);
        }
        Some(Arena {
            slots,
            dirty: Default::default(),
        })
    }
    /// Puts `value` (or, with `None`, nothing) in a slot without marking it
    /// changed: a copy kept in step with another has nothing of its own to
    /// save. Slots up to `raw` are created retired, so ids stay those of the
    /// copy the change came from. Returns what the slot held.
    pub(crate) fn set_clean(&mut self, raw: u32, value: Option<T>) -> Option<T> {
        let i = raw as usize;
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, || None);
        }
        match self.slots.get_mut(i) {
            Some(slot) => std::mem::replace(slot, value),
            None => None,
        }
    }
    /// The object with a raw id, if live.
    pub fn get_raw(&self, raw: u32) -> Option<&T> {
        self.slots.get(raw as usize).and_then(Option::as_ref)
    }
    /// Every live object with its id, in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (Id<T>, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|v| (Id::from_raw(i as u32), v)))
    }
    /// Number of live objects.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }
    /// Whether no object lives here.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
