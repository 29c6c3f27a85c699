//! Building an organization from a spec, in the order an administrator
//! would: topology and OUs, people, groups, roles, scopes, role groups, then
//! the assignments that tie them together. Every change goes through the
//! public `Organization` API, so a generated organization is one the shell
//! could have made.

use crate::data::{self, DEPARTMENTS, REGIONS};
use crate::rng::Rng;
use crate::{GenError, GenSpec};
use exrbac_core::opath::Filter;
use exrbac_core::*;
use std::collections::{BTreeMap, BTreeSet};

/// Builds the organization `spec` describes. `progress(done, total)` is
/// called now and then with a count of objects created.
pub fn generate(
    spec: &GenSpec,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Organization, GenError> {
    if let Some(p) = spec.problem() {
        return Err(GenError::Spec(p));
    }
    let catalog = exrbac_catalog::builtin()?;
    let org = Organization::new(&spec.domain, catalog)?;
    let total = [
        spec.recipients,
        spec.groups,
        spec.roles,
        spec.scopes,
        spec.role_groups,
        spec.assignments,
        spec.policies,
    ]
    .iter()
    .map(|x| *x as u64)
    .sum();
    let mut g = Gen {
        spec,
        org,
        rng: Rng::new(spec.seed, 0),
        progress: Progress {
            done: 0,
            total,
            report: progress,
        },
        region_ous: Vec::new(),
        buckets: Vec::new(),
        bucket_weights: Vec::new(),
        contacts_ou: None,
        contacts: Vec::new(),
        databases: Vec::new(),
        servers: Vec::new(),
        policies: Vec::new(),
        sec_groups: Vec::new(),
        top_sec_groups: Vec::new(),
        admins: Vec::new(),
        admin_roles: Vec::new(),
        end_user_roles: Vec::new(),
        recipient_scopes: Vec::new(),
        exclusive_scopes: Vec::new(),
        database_scope: None,
        role_groups: Vec::new(),
    };
    g.topology()?;
    g.ous()?;
    g.policies()?;
    g.recipients()?;
    g.groups()?;
    g.pick_admins();
    g.roles()?;
    g.scopes()?;
    g.role_groups()?;
    g.assignments()?;
    g.progress.finish();
    Ok(g.org)
}

/// Reports every few thousand objects: often enough for a progress bar,
/// rarely enough to cost nothing.
struct Progress<'a> {
    done: u64,
    total: u64,
    report: &'a mut dyn FnMut(u64, u64),
}

impl Progress<'_> {
    fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(4096) {
            (self.report)(self.done.min(self.total), self.total);
        }
    }
    fn finish(&mut self) {
        (self.report)(self.total, self.total);
    }
}

/// One department of one region: its OU and who works there.
struct Bucket {
    ou: OuId,
    region: usize,
    dept: usize,
    /// Users of every kind (security principals).
    people: Vec<RecipientId>,
    /// Mail-enabled people (what distribution groups hold).
    mail: Vec<RecipientId>,
}

struct Gen<'a> {
    spec: &'a GenSpec,
    org: Organization,
    rng: Rng,
    progress: Progress<'a>,
    region_ous: Vec<OuId>,
    buckets: Vec<Bucket>,
    bucket_weights: Vec<u32>,
    contacts_ou: Option<OuId>,
    contacts: Vec<RecipientId>,
    /// Databases with the region they serve.
    databases: Vec<(DatabaseId, usize)>,
    /// Servers with the region they stand in.
    servers: Vec<(ServerId, usize)>,
    /// Custom policies with their region.
    policies: Vec<(PolicyId, usize)>,
    /// Security groups (not role groups) with their nesting depth.
    sec_groups: Vec<(RecipientId, usize)>,
    /// Security groups at the deepest nesting reached.
    top_sec_groups: Vec<RecipientId>,
    admins: Vec<RecipientId>,
    admin_roles: Vec<RoleId>,
    end_user_roles: Vec<RoleId>,
    recipient_scopes: Vec<ScopeId>,
    exclusive_scopes: Vec<ScopeId>,
    database_scope: Option<ScopeId>,
    role_groups: Vec<RecipientId>,
}

fn invalid(what: &str) -> GenError {
    GenError::Core(CoreError::Invalid(what.to_string()))
}

/// A region by index; `GenSpec::problem` keeps the index in range.
fn region_at(i: usize) -> &'static data::Region {
    REGIONS.get(i).unwrap_or(&data::FALLBACK_REGION)
}

/// Assignees have no order of their own; this gives one for ordered sets.
fn key(a: Assignee) -> (u8, u32) {
    match a {
        Assignee::User(r) => (0, r.raw()),
        Assignee::Group(r) => (1, r.raw()),
        Assignee::Policy(p) => (2, p.raw()),
    }
}

fn weights(items: &[(&str, u32)]) -> Vec<u32> {
    items.iter().map(|(_, w)| *w).collect()
}

impl Gen<'_> {
    fn pick_weighted<'t>(&mut self, items: &'t [(&'t str, u32)]) -> &'t str {
        let w = weights(items);
        self.rng
            .weighted(&w)
            .and_then(|i| items.get(i))
            .map(|(s, _)| *s)
            .unwrap_or("")
    }

    fn dept(i: usize) -> &'static str {
        DEPARTMENTS.get(i).map(|(d, _)| *d).unwrap_or("Sales")
    }

    /// Servers and databases: one server per four databases, spread over the regions.
    fn topology(&mut self) -> Result<(), GenError> {
        let regions = self.spec.regions;
        if let Some((sid, _)) = self.org.servers().next() {
            self.servers.push((sid, 0));
        }
        if let Some((did, _)) = self.org.databases().next() {
            self.databases.push((did, 0));
        }
        for i in 1..self.spec.databases {
            let region = i % regions;
            let server = if i % 4 == 0 || self.servers.is_empty() {
                let name = format!("EX{:02}", self.servers.len() + 1);
                let sid = self.org.new_server(&name)?;
                self.servers.push((sid, region));
                sid
            } else {
                self.servers
                    .last()
                    .map(|(s, _)| *s)
                    .ok_or_else(|| invalid("no server"))?
            };
            let did = self
                .org
                .new_database(&format!("Mailbox Database {:02}", i + 1), server)?;
            self.databases.push((did, region));
        }
        Ok(())
    }

    /// A top-level OU per region with one OU per department, and one for contacts.
    fn ous(&mut self) -> Result<(), GenError> {
        let root = self.org.root_ou();
        for r in 0..self.spec.regions {
            let region = region_at(r);
            let rou = self.org.new_ou(region.name, root)?;
            self.region_ous.push(rou);
            for (d, (dept, w)) in DEPARTMENTS.iter().enumerate() {
                let ou = self.org.new_ou(dept, rou)?;
                self.buckets.push(Bucket {
                    ou,
                    region: r,
                    dept: d,
                    people: Vec::new(),
                    mail: Vec::new(),
                });
                self.bucket_weights.push(region.weight * w);
            }
        }
        self.contacts_ou = Some(self.org.new_ou("External Contacts", root)?);
        Ok(())
    }

    /// Custom role assignment policies, one region each (roles come with the assignments).
    fn policies(&mut self) -> Result<(), GenError> {
        const FLAVOURS: &[&str] = &["Standard", "Restricted", "Frontline", "Kiosk"];
        for i in 0..self.spec.policies {
            let region = i % self.spec.regions;
            let flavour = FLAVOURS
                .get(i / self.spec.regions % FLAVOURS.len())
                .unwrap_or(&"");
            let round = i / (self.spec.regions * FLAVOURS.len());
            let name = if round == 0 {
                format!("{} {} Policy", region_at(region).name, flavour)
            } else {
                format!(
                    "{} {} Policy {}",
                    region_at(region).name,
                    flavour,
                    round + 1
                )
            };
            let pid = self.org.new_policy(
                &name,
                &format!("End-user rights for {flavour} staff"),
                false,
            )?;
            self.policies.push((pid, region));
            self.progress.tick();
        }
        Ok(())
    }

    /// Mailboxes, users, mail users and contacts, with the attributes scopes filter on.
    fn recipients(&mut self) -> Result<(), GenError> {
        let existing = self
            .org
            .recipients()
            .filter(|(_, r)| !r.kind.is_group())
            .count();
        let count = self.spec.recipients.saturating_sub(existing);
        let kinds = [
            (RecipientKind::UserMailbox, 72),
            (RecipientKind::User, 8),
            (RecipientKind::MailUser, 8),
            (RecipientKind::MailContact, 12),
        ];
        let kind_w: Vec<u32> = kinds.iter().map(|(_, w)| *w).collect();
        let contacts_ou = self.contacts_ou.ok_or_else(|| invalid("no contacts OU"))?;
        let domain = self.org.name.to_lowercase();
        for i in 0..count {
            let n = i + 1;
            let kind = self
                .rng
                .weighted(&kind_w)
                .and_then(|k| kinds.get(k))
                .map(|(k, _)| *k)
                .unwrap_or(RecipientKind::UserMailbox);
            let first = *self.rng.pick(data::FIRST).unwrap_or(&"Alex");
            let last = *self.rng.pick(data::LAST).unwrap_or(&"Smith");
            let name = format!("{first} {last} {n}");
            let mut attrs = BTreeMap::new();
            attrs.insert("FirstName".to_string(), first.to_string());
            attrs.insert("LastName".to_string(), last.to_string());
            if kind == RecipientKind::MailContact {
                let company = *self
                    .rng
                    .pick(data::EXTERNAL_COMPANIES)
                    .unwrap_or(&"Litware");
                let host: String = company
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let region = self.rng.below(self.spec.regions);
                let city = *self.rng.pick(region_at(region).cities).unwrap_or(&"");
                attrs.insert("Company".to_string(), company.to_string());
                attrs.insert("City".to_string(), city.to_string());
                attrs.insert(
                    "ExternalEmailAddress".to_string(),
                    format!(
                        "SMTP:{}.{}{}@{}.example",
                        first.to_lowercase(),
                        last.to_lowercase(),
                        n,
                        host
                    ),
                );
                let id = self.org.new_recipient(NewRecipient {
                    name,
                    ou: contacts_ou,
                    kind,
                    attrs,
                    enabled: true,
                })?;
                self.contacts.push(id);
                self.progress.tick();
                continue;
            }
            let b = self
                .rng
                .weighted(&self.bucket_weights)
                .ok_or_else(|| invalid("no department"))?;
            let (ou, region, dept) = match self.buckets.get(b) {
                Some(x) => (x.ou, x.region, x.dept),
                None => return Err(invalid("no department")),
            };
            let city = *self.rng.pick(region_at(region).cities).unwrap_or(&"");
            let title = self.pick_weighted(data::TITLES);
            let company = self.pick_weighted(data::COMPANIES);
            let employment = self.pick_weighted(data::EMPLOYMENT);
            let building = self.rng.range(1, 9);
            let dept_name = Self::dept(dept);
            attrs.insert("Department".to_string(), dept_name.to_string());
            attrs.insert("City".to_string(), city.to_string());
            attrs.insert("Office".to_string(), format!("{city}-B{building}"));
            attrs.insert("Title".to_string(), title.to_string());
            attrs.insert("Company".to_string(), company.to_string());
            attrs.insert(
                "UserPrincipalName".to_string(),
                format!(
                    "{}.{}{}@{}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    n,
                    domain
                ),
            );
            let mailbox = kind == RecipientKind::UserMailbox;
            // A handful of mailboxes are VIPs or restricted: what the
            // exclusive scopes protect.
            let ca1 = if mailbox && self.rng.chance(0.004) {
                "VIP".to_string()
            } else {
                format!("CC-{region:02}{dept:02}-{:02}", self.rng.below(10))
            };
            attrs.insert("CustomAttribute1".to_string(), ca1);
            attrs.insert("CustomAttribute2".to_string(), employment.to_string());
            if mailbox && self.spec.exclusive_scopes > 2 && self.rng.chance(0.003) {
                let k = self.rng.range(2, self.spec.exclusive_scopes - 1);
                attrs.insert("CustomAttribute3".to_string(), format!("Restricted{k}"));
            }
            if kind == RecipientKind::MailUser {
                attrs.insert(
                    "ExternalEmailAddress".to_string(),
                    format!(
                        "SMTP:{}.{}{}@partner.example",
                        first.to_lowercase(),
                        last.to_lowercase(),
                        n
                    ),
                );
            }
            let enabled = !self.rng.chance(0.01);
            let id = self.org.new_recipient(NewRecipient {
                name,
                ou,
                kind,
                attrs,
                enabled,
            })?;
            if mailbox {
                let dbs: Vec<DatabaseId> = self
                    .databases
                    .iter()
                    .filter(|(_, r)| *r == region)
                    .map(|(d, _)| *d)
                    .collect();
                if let Some(db) = self.rng.pick(&dbs).copied()
                    && self.org.recipient(id).and_then(|r| r.database) != Some(db)
                {
                    self.org.set_mailbox_database(id, db)?;
                }
                if self.rng.chance(0.25) {
                    let mine: Vec<PolicyId> = self
                        .policies
                        .iter()
                        .filter(|(_, r)| *r == region)
                        .map(|(p, _)| *p)
                        .collect();
                    if let Some(p) = self.rng.pick(&mine).copied() {
                        self.org.set_mailbox_policy(id, Some(p))?;
                    }
                }
            }
            let bucket = self.buckets.get_mut(b).ok_or_else(|| invalid("bucket"))?;
            // The first people of a department manage the ones after them.
            let manager = if bucket.people.is_empty() || !self.rng.chance(0.7) {
                None
            } else {
                let k = bucket.people.len().min(20);
                bucket.people.get(self.rng.below(k)).copied()
            };
            bucket.people.push(id);
            if kind.is_mail_enabled() {
                bucket.mail.push(id);
            }
            if manager.is_some() {
                self.org.set_manager(id, manager)?;
            }
            self.progress.tick();
        }
        Ok(())
    }

    /// Security, mail-enabled security and distribution groups, nested
    /// bottom-up so that each add is checked against an empty ancestry.
    fn groups(&mut self) -> Result<(), GenError> {
        let n = self.spec.groups;
        let max = self.spec.max_nesting;
        // The first `max + 1` groups are security groups at every depth, so
        // the deepest chain always exists; the others thin out geometrically.
        let mut plan: Vec<(usize, RecipientKind)> = Vec::with_capacity(n);
        let kinds = [
            (RecipientKind::SecurityGroup, 40u32),
            (RecipientKind::MailSecurityGroup, 15),
            (RecipientKind::DistributionGroup, 45),
        ];
        let kind_w: Vec<u32> = kinds.iter().map(|(_, w)| *w).collect();
        for j in 0..n {
            if j <= max {
                plan.push((j, RecipientKind::SecurityGroup));
                continue;
            }
            let mut level = 0;
            while level < max && self.rng.chance(0.45) {
                level += 1;
            }
            let kind = self
                .rng
                .weighted(&kind_w)
                .and_then(|k| kinds.get(k))
                .map(|(k, _)| *k)
                .unwrap_or(RecipientKind::SecurityGroup);
            plan.push((level, kind));
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|j| plan.get(*j).map(|(l, _)| *l).unwrap_or(0));
        // Groups by the depth they reached: security ones (which carry role
        // membership) and mail-enabled ones (which distribution groups may hold).
        let mut sec_by_depth: Vec<Vec<RecipientId>> = vec![Vec::new(); max + 1];
        let mut mail_by_depth: Vec<Vec<RecipientId>> = vec![Vec::new(); max + 1];
        for j in order {
            let Some(&(level, kind)) = plan.get(j) else {
                continue;
            };
            let b = self
                .rng
                .weighted(&self.bucket_weights)
                .ok_or_else(|| invalid("no department"))?;
            let (ou, region, dept) = match self.buckets.get(b) {
                Some(x) => (x.ou, x.region, x.dept),
                None => return Err(invalid("no department")),
            };
            let city = *self.rng.pick(region_at(region).cities).unwrap_or(&"");
            let dept_name = Self::dept(dept);
            let name = match kind {
                RecipientKind::SecurityGroup => {
                    format!("SG {} {} {}", region_at(region).name, dept_name, j + 1)
                }
                RecipientKind::MailSecurityGroup => format!("MSG {dept_name} {city} {}", j + 1),
                _ => format!("DL {dept_name} {city} {}", j + 1),
            };
            let mut attrs = BTreeMap::new();
            attrs.insert("Description".to_string(), format!("{dept_name} in {city}"));
            if kind.is_mail_enabled() {
                let join = if self.rng.chance(0.3) {
                    "Open"
                } else {
                    "Closed"
                };
                attrs.insert("MemberJoinRestriction".to_string(), join.to_string());
                attrs.insert("MemberDepartRestriction".to_string(), "Open".to_string());
            }
            let id = self.org.new_recipient(NewRecipient {
                name,
                ou,
                kind,
                attrs,
                enabled: true,
            })?;
            let security = kind.is_security_group();
            let pool = |d: usize| -> Option<&Vec<RecipientId>> {
                if security {
                    sec_by_depth.get(d)
                } else {
                    mail_by_depth.get(d)
                }
            };
            // The anchor: a group one level down, or the deepest one below that exists.
            let mut depth = 0;
            let mut members: Vec<RecipientId> = Vec::new();
            for d in (0..level).rev() {
                if let Some(p) = pool(d).filter(|p| !p.is_empty()) {
                    if let Some(x) = self.rng.pick(p) {
                        members.push(*x);
                        depth = d + 1;
                    }
                    break;
                }
            }
            if depth > 0 {
                for _ in 0..self.rng.range(0, 2) {
                    let d = self.rng.below(depth);
                    if let Some(x) = pool(d).and_then(|p| self.rng.pick(p))
                        && !members.contains(x)
                    {
                        members.push(*x);
                    }
                }
            }
            let bucket = self.buckets.get(b).ok_or_else(|| invalid("bucket"))?;
            let people = if security {
                &bucket.people
            } else {
                &bucket.mail
            };
            let size = if depth > 0 {
                self.rng.range(0, 8)
            } else {
                let x = self.rng.below(100);
                if x < 70 {
                    self.rng.range(5, 40)
                } else if x < 95 {
                    self.rng.range(41, 200)
                } else {
                    self.rng.range(201, 1000)
                }
            };
            for k in self.rng.distinct(people.len(), size) {
                if let Some(p) = people.get(k) {
                    members.push(*p);
                }
            }
            if !security {
                for _ in 0..self.rng.range(0, 3) {
                    if let Some(c) = self.rng.pick(&self.contacts)
                        && !members.contains(c)
                    {
                        members.push(*c);
                    }
                }
            }
            let owners: Vec<RecipientId> = if self.rng.chance(if security { 0.6 } else { 0.9 }) {
                let k = self.rng.range(1, 2);
                self.rng
                    .distinct(bucket.people.len(), k)
                    .into_iter()
                    .filter_map(|i| bucket.people.get(i).copied())
                    .collect()
            } else {
                Vec::new()
            };
            for m in members {
                self.org.add_member(id, m)?;
            }
            if !owners.is_empty() {
                self.org.set_managed_by(id, owners)?;
            }
            if security {
                if let Some(v) = sec_by_depth.get_mut(depth) {
                    v.push(id);
                }
                self.sec_groups.push((id, depth));
            }
            if kind.is_mail_enabled()
                && let Some(v) = mail_by_depth.get_mut(depth)
            {
                v.push(id);
            }
            self.progress.tick();
        }
        self.top_sec_groups = sec_by_depth
            .iter()
            .rev()
            .find(|v| !v.is_empty())
            .cloned()
            .unwrap_or_default();
        Ok(())
    }

    /// Administrators: half from IT, the rest from anywhere; enabled users only.
    fn pick_admins(&mut self) {
        let it = DEPARTMENTS
            .iter()
            .position(|(d, _)| *d == "IT")
            .unwrap_or(0);
        let enabled = |org: &Organization, id: &RecipientId| {
            org.recipient(*id)
                .is_some_and(|r| r.enabled && r.kind.is_user())
        };
        let it_people: Vec<RecipientId> = self
            .buckets
            .iter()
            .filter(|b| b.dept == it)
            .flat_map(|b| b.people.iter().copied())
            .filter(|id| enabled(&self.org, id))
            .collect();
        let everyone: Vec<RecipientId> = self
            .buckets
            .iter()
            .flat_map(|b| b.people.iter().copied())
            .filter(|id| enabled(&self.org, id))
            .collect();
        let want = self.spec.admins.min(everyone.len());
        let mut chosen = BTreeSet::new();
        let mut attempts = 0;
        while self.admins.len() < want && attempts < want * 20 {
            attempts += 1;
            let from = if self.rng.chance(0.5) && !it_people.is_empty() {
                &it_people
            } else {
                &everyone
            };
            if let Some(x) = self.rng.pick(from)
                && chosen.insert(*x)
            {
                self.admins.push(*x);
            }
        }
        for x in &everyone {
            if self.admins.len() >= want {
                break;
            }
            if chosen.insert(*x) {
                self.admins.push(*x);
            }
        }
    }

    /// Custom roles: children of built-in roles (and of earlier custom roles)
    /// keeping some of the parent's entries, some with fewer parameters.
    fn roles(&mut self) -> Result<(), GenError> {
        const LABELS: &[&str] = &[
            "Helpdesk",
            "Regional",
            "Tier 1",
            "Tier 2",
            "Onboarding",
            "Limited",
            "Delegated",
            "Branch",
        ];
        let with_entries =
            |org: &Organization, id: RoleId| org.role(id).is_some_and(|r| !r.entries.is_empty());
        let mut parents: Vec<(RoleId, u32)> = Vec::new();
        for (name, w) in data::PARENT_ROLES {
            if let Some(id) = self.org.role_by_name(name)
                && with_entries(&self.org, id)
            {
                parents.push((id, *w));
            }
        }
        let parent_w: Vec<u32> = parents.iter().map(|(_, w)| *w).collect();
        let eu_parents: Vec<RoleId> = self
            .org
            .roles()
            .filter(|(_, r)| r.builtin && r.is_end_user && !r.entries.is_empty())
            .map(|(id, _)| id)
            .collect();
        // Built-in roles admins get directly, besides the custom ones.
        self.admin_roles = parents.iter().map(|(id, _)| *id).collect();
        let builtin_admin = self.admin_roles.len();
        for i in 0..self.spec.roles {
            let end_user = !eu_parents.is_empty() && self.rng.chance(0.1);
            let custom_admin: Vec<RoleId> = self
                .admin_roles
                .iter()
                .skip(builtin_admin)
                .copied()
                .filter(|r| self.org.role(*r).is_some_and(|x| x.entries.len() >= 2))
                .collect();
            let parent = if end_user {
                self.rng.pick(&eu_parents).copied()
            } else if !custom_admin.is_empty() && self.rng.chance(0.2) {
                self.rng.pick(&custom_admin).copied()
            } else {
                self.rng
                    .weighted(&parent_w)
                    .and_then(|k| parents.get(k))
                    .map(|(id, _)| *id)
            };
            let parent = parent.ok_or_else(|| invalid("the catalog has no role to derive from"))?;
            let root = self
                .org
                .ancestry(parent)
                .last()
                .map(|r| self.org.role_name(*r).to_string())
                .unwrap_or_default();
            let label = *self.rng.pick(LABELS).unwrap_or(&"Custom");
            let name = format!("{root} {label} {}", i + 1);
            let entries: Vec<String> = self
                .org
                .role(parent)
                .map(|r| r.entries.iter().map(|e| e.name.clone()).collect())
                .unwrap_or_default();
            let share = 0.1 + 0.5 * (self.rng.below(1000) as f64 / 1000.0);
            let mut keep: Vec<String> = Vec::new();
            for e in &entries {
                let core = data::CORE_CMDLETS.iter().any(|c| c.eq_ignore_ascii_case(e));
                if self.rng.chance(if core { 0.8 } else { share }) {
                    keep.push(e.clone());
                }
            }
            if keep.is_empty()
                && let Some(e) = self.rng.pick(&entries)
            {
                keep.push(e.clone());
            }
            let role = self.org.new_role(
                &name,
                parent,
                Some(format!("{label} subset of {root}")),
                Some(&keep),
            )?;
            // Narrow a few entries to the parameters the team needs.
            let entries: Vec<(String, Vec<String>)> = self
                .org
                .role(role)
                .map(|r| {
                    r.entries
                        .iter()
                        .filter(|e| e.parameters.len() > 4)
                        .map(|e| (e.name.clone(), e.parameters.clone()))
                        .collect()
                })
                .unwrap_or_default();
            for k in self.rng.distinct(entries.len(), 3) {
                let Some((cmdlet, params)) = entries.get(k) else {
                    continue;
                };
                if !self.rng.chance(0.5) {
                    continue;
                }
                let share = 0.3 + 0.4 * (self.rng.below(1000) as f64 / 1000.0);
                let mut subset: Vec<String> = params
                    .iter()
                    .filter(|p| p.eq_ignore_ascii_case("Identity"))
                    .cloned()
                    .collect();
                for p in params {
                    if !p.eq_ignore_ascii_case("Identity") && self.rng.chance(share) {
                        subset.push(p.clone());
                    }
                }
                self.org
                    .set_role_entry_parameters(role, cmdlet, Some(&subset), &[], &[])?;
            }
            if end_user {
                self.end_user_roles.push(role);
            } else {
                self.admin_roles.push(role);
            }
            self.progress.tick();
        }
        Ok(())
    }

    /// Exclusive scopes first, a database and a server scope when there is
    /// room, then recipient scopes on department, city, cost center, company, …
    fn scopes(&mut self) -> Result<(), GenError> {
        let kind = filter_kind(ScopeKind::RecipientScope);
        let parse = |text: &str| {
            Filter::parse(text, kind).map_err(|e| GenError::Filter(text.to_string(), e.to_string()))
        };
        let blank = |name: String, kind: ScopeKind| Scope {
            name,
            kind,
            recipient_root: None,
            filter_text: None,
            filter: None,
            server_list: Vec::new(),
            database_list: Vec::new(),
            exclusive: false,
        };
        for k in 0..self.spec.exclusive_scopes {
            let (name, text) = match k {
                0 => (
                    "VIP Mailboxes".to_string(),
                    "CustomAttribute1 -eq 'VIP'".to_string(),
                ),
                1 => (
                    "Executive Mailboxes".to_string(),
                    "(Department -eq 'Executive') -and (RecipientTypeDetails -eq 'UserMailbox')"
                        .to_string(),
                ),
                _ => (
                    format!("Restricted Mailboxes {k}"),
                    format!("CustomAttribute3 -eq 'Restricted{k}'"),
                ),
            };
            let filter = parse(&text)?;
            let id = self.org.new_scope(Scope {
                filter_text: Some(text),
                filter: Some(filter),
                exclusive: true,
                ..blank(name, ScopeKind::RecipientScope)
            })?;
            self.exclusive_scopes.push(id);
            self.progress.tick();
        }
        let mut left = self.spec.scopes - self.spec.exclusive_scopes;
        if left >= 4 {
            let region = region_at(0).name;
            let dbs: Vec<DatabaseId> = self
                .databases
                .iter()
                .filter(|(_, r)| *r == 0)
                .map(|(d, _)| *d)
                .collect();
            let id = self.org.new_scope(Scope {
                database_list: dbs,
                ..blank(format!("{region} Databases"), ScopeKind::DatabaseScope)
            })?;
            self.database_scope = Some(id);
            let servers: Vec<ServerId> = self
                .servers
                .iter()
                .filter(|(_, r)| *r == 0)
                .map(|(s, _)| *s)
                .collect();
            self.org.new_scope(Scope {
                server_list: servers,
                ..blank(format!("{region} Servers"), ScopeKind::ServerScope)
            })?;
            left -= 2;
            self.progress.tick();
            self.progress.tick();
        }
        let dept_w = weights(DEPARTMENTS);
        for i in 0..left {
            let r = self.rng.below(self.spec.regions);
            let region = region_at(r);
            let d = self.rng.weighted(&dept_w).unwrap_or(0);
            let dept = Self::dept(d);
            let city = *self.rng.pick(region.cities).unwrap_or(&"");
            let company = self.pick_weighted(data::COMPANIES);
            let root = self.region_ous.get(r).copied();
            let (label, text, root) = match self.rng.below(8) {
                0 => (
                    format!("{} {dept} Staff", region.name),
                    format!("Department -eq '{dept}'"),
                    root,
                ),
                1 => (format!("{city} Office"), format!("City -eq '{city}'"), None),
                2 => (
                    format!("{city} {dept}"),
                    format!("(Department -eq '{dept}') -and (City -eq '{city}')"),
                    None,
                ),
                3 => (
                    format!("Cost Center {r:02}{d:02}"),
                    format!("CustomAttribute1 -like 'CC-{r:02}{d:02}-*'"),
                    None,
                ),
                4 => (
                    format!("{company} Employees"),
                    format!("Company -eq '{company}'"),
                    None,
                ),
                5 => (
                    format!("{city} Mailboxes"),
                    format!(
                        "(RecipientTypeDetails -eq 'UserMailbox') -and (Office -like '{city}*')"
                    ),
                    None,
                ),
                6 => (
                    format!("{} Managers", region.name),
                    "Title -like '*Manager*'".to_string(),
                    root,
                ),
                _ => (
                    format!("{dept} Contractors"),
                    format!("(CustomAttribute2 -eq 'Contractor') -and (Department -eq '{dept}')"),
                    None,
                ),
            };
            let filter = parse(&text)?;
            let id = self.org.new_scope(Scope {
                recipient_root: root,
                filter_text: Some(text),
                filter: Some(filter),
                ..blank(
                    format!("{label} Scope {}", i + 1),
                    ScopeKind::RecipientScope,
                )
            })?;
            self.recipient_scopes.push(id);
            self.progress.tick();
        }
        Ok(())
    }

    /// Custom role groups of admins, some holding security groups (which is
    /// how principals come to reach roles through deep nesting).
    fn role_groups(&mut self) -> Result<(), GenError> {
        const LABELS: &[&str] = &[
            "Recipient Admins",
            "Helpdesk",
            "Mailbox Admins",
            "Group Admins",
            "Compliance",
            "Onboarding",
            "Tier 2 Support",
        ];
        let mesg = self
            .org
            .find_ou(&format!(
                "{}/{}",
                self.org.name,
                well_known::SECURITY_GROUPS_OU
            ))
            .unwrap_or_else(|| self.org.root_ou());
        let n = self.spec.role_groups;
        // A tenth of the role groups hold a group from the top of the nesting.
        let deep = (n / 10).max(1);
        for i in 0..n {
            let r = self.rng.below(self.spec.regions);
            let d = self.rng.below(DEPARTMENTS.len());
            let label = *self.rng.pick(LABELS).unwrap_or(&"Admins");
            let name = format!("{} {} {label} {}", region_at(r).name, Self::dept(d), i + 1);
            let mut attrs = BTreeMap::new();
            attrs.insert(
                "Description".to_string(),
                format!("{label} for {} in {}", Self::dept(d), region_at(r).name),
            );
            let g = self.org.new_recipient(NewRecipient {
                name,
                ou: mesg,
                kind: RecipientKind::RoleGroup,
                attrs,
                enabled: true,
            })?;
            let direct = self.rng.range(1, 6);
            let mut members: Vec<RecipientId> = self
                .rng
                .distinct(self.admins.len(), direct)
                .into_iter()
                .filter_map(|k| self.admins.get(k).copied())
                .collect();
            let nested = if i < deep {
                self.rng.pick(&self.top_sec_groups).copied()
            } else if self.rng.chance(0.35) {
                self.rng.pick(&self.sec_groups).map(|(id, _)| *id)
            } else {
                None
            };
            if let Some(sg) = nested {
                members.push(sg);
            }
            for m in members {
                self.org.add_member(g, m)?;
            }
            let owners: Vec<RecipientId> =
                self.rng.pick(&self.admins).copied().into_iter().collect();
            self.org.set_managed_by(g, owners)?;
            self.role_groups.push(g);
            self.progress.tick();
        }
        Ok(())
    }

    /// A write scope for an assignment of `role`: a custom scope, an OU or
    /// the role's own. Roles that write no recipients keep theirs.
    fn recipient_write_for(&mut self, role: RoleId, choice: usize) -> Option<RecipientScope> {
        let writes_recipients = self
            .org
            .role(role)
            .is_some_and(|r| matches!(r.implicit.recipient_write, ScopeValue::Organization));
        if !writes_recipients {
            return None;
        }
        match choice {
            0..45 => self
                .rng
                .pick(&self.recipient_scopes)
                .map(|s| RecipientScope::Custom(*s)),
            45..70 => {
                if self.rng.chance(0.5) {
                    self.rng
                        .pick(&self.region_ous)
                        .map(|o| RecipientScope::Ou(*o))
                } else {
                    let b = self.rng.below(self.buckets.len());
                    self.buckets.get(b).map(|b| RecipientScope::Ou(b.ou))
                }
            }
            _ => None,
        }
    }

    fn config_write_for(&mut self, role: RoleId) -> Option<ConfigScope> {
        let org_config = self
            .org
            .role(role)
            .is_some_and(|r| matches!(r.implicit.config_write, ScopeValue::OrganizationConfig));
        match self.database_scope {
            Some(s) if org_config && self.rng.chance(0.05) => Some(ConfigScope::Custom(s)),
            _ => None,
        }
    }

    fn assign(
        &mut self,
        role: RoleId,
        assignee: Assignee,
        delegating: bool,
        recipient_write: Option<RecipientScope>,
        config_write: Option<ConfigScope>,
    ) -> Result<(), GenError> {
        let r = self.org.role(role).ok_or_else(|| invalid("no such role"))?;
        let implicit = r.implicit;
        let base = if delegating {
            format!("{}-{}-Delegating", r.name, self.org.assignee_name(assignee))
        } else {
            format!("{}-{}", r.name, self.org.assignee_name(assignee))
        };
        let name = self.org.unique_assignment_name(&base);
        // A few regular assignments are switched off, as in any real organization.
        let enabled = delegating || !self.rng.chance(0.01);
        self.org.new_assignment(Assignment {
            name,
            role,
            assignee,
            delegating,
            enabled,
            recipient_write: recipient_write
                .unwrap_or(RecipientScope::Relative(implicit.recipient_write)),
            config_write: config_write.unwrap_or(ConfigScope::Relative(implicit.config_write)),
        })?;
        self.progress.tick();
        Ok(())
    }

    /// A role for an admin assignment: mostly custom, some built-in; not one
    /// the assignee already holds.
    fn admin_role(&mut self, held: &[RoleId]) -> Option<RoleId> {
        for _ in 0..16 {
            let r = self.rng.pick(&self.admin_roles).copied()?;
            if !held.contains(&r) {
                return Some(r);
            }
        }
        None
    }

    /// Exactly `spec.assignments` assignments: the exclusive ones, the
    /// policies', a few delegating ones, then regular ones to role groups,
    /// security groups and users.
    fn assignments(&mut self) -> Result<(), GenError> {
        let total = self.spec.assignments;
        let mut made = 0usize;
        // Exclusive scopes, each with an admin role group and a direct admin.
        let excl_role = self
            .org
            .role_by_name("Mail Recipients")
            .or_else(|| self.admin_roles.first().copied())
            .ok_or_else(|| invalid("no admin role"))?;
        let exclusive = self.exclusive_scopes.clone();
        for (k, s) in exclusive.iter().enumerate() {
            let holders = [
                self.role_groups
                    .get(k % self.role_groups.len().max(1))
                    .map(|g| Assignee::Group(*g)),
                self.admins
                    .get(k % self.admins.len().max(1))
                    .map(|u| Assignee::User(*u)),
            ];
            for h in holders.into_iter().flatten() {
                if made < total {
                    self.assign(
                        excl_role,
                        h,
                        false,
                        Some(RecipientScope::Exclusive(*s)),
                        None,
                    )?;
                    made += 1;
                }
            }
        }
        // Policies: end-user roles, built-in and custom.
        let mut eu_pool: Vec<RoleId> = self
            .org
            .roles()
            .filter(|(_, r)| r.builtin && r.is_end_user && !r.entries.is_empty())
            .map(|(id, _)| id)
            .collect();
        eu_pool.extend(self.end_user_roles.iter().copied());
        let per_policy = eu_pool.len().min(6);
        let policies: Vec<PolicyId> = self.policies.iter().map(|(p, _)| *p).collect();
        for p in policies {
            for k in self.rng.distinct(eu_pool.len(), per_policy) {
                if made >= total {
                    break;
                }
                if let Some(r) = eu_pool.get(k).copied() {
                    self.assign(r, Assignee::Policy(p), false, None, None)?;
                    made += 1;
                }
            }
        }
        // Delegating: who may hand roles out, mostly role groups.
        let delegating = (total / 50).min(total - made);
        let mut seen: BTreeSet<(RoleId, (u8, u32))> = BTreeSet::new();
        let mut pool: Vec<RoleId> = self.admin_roles.clone();
        pool.extend(self.end_user_roles.iter().copied());
        for _ in 0..delegating {
            let assignee = if self.rng.chance(0.7) {
                self.rng
                    .pick(&self.role_groups)
                    .map(|g| Assignee::Group(*g))
            } else {
                self.rng.pick(&self.admins).map(|u| Assignee::User(*u))
            };
            let role = self.rng.pick(&pool).copied();
            let (Some(assignee), Some(role)) = (assignee, role) else {
                continue;
            };
            if !seen.insert((role, key(assignee))) {
                continue;
            }
            let rw = if self.rng.chance(0.3) {
                self.rng
                    .pick(&self.region_ous)
                    .map(|o| RecipientScope::Ou(*o))
            } else {
                None
            };
            let rw = rw.filter(|_| {
                self.org
                    .role(role)
                    .is_some_and(|r| matches!(r.implicit.recipient_write, ScopeValue::Organization))
            });
            self.assign(role, assignee, true, rw, None)?;
            made += 1;
        }
        // Regular: role groups (one scope per group, as New-RoleGroup gives
        // it), security groups and users.
        let rest = total - made;
        let to_role_groups = rest * 55 / 100;
        let to_sec_groups = rest * 20 / 100;
        let n_rg = self.role_groups.len();
        let mut held: BTreeMap<(u8, u32), Vec<RoleId>> = BTreeMap::new();
        let mut rg_scope: Vec<usize> = Vec::with_capacity(n_rg);
        for _ in 0..n_rg {
            rg_scope.push(self.rng.below(100));
        }
        let mut i = 0usize;
        let mut stalls = 0usize;
        while made < total {
            let (assignee, choice) = if i < to_role_groups && n_rg > 0 {
                let k = i % n_rg;
                (
                    self.role_groups.get(k).map(|g| Assignee::Group(*g)),
                    rg_scope.get(k).copied().unwrap_or(99),
                )
            } else if i < to_role_groups + to_sec_groups && !self.sec_groups.is_empty() {
                let g = self
                    .rng
                    .pick(&self.sec_groups)
                    .map(|(g, _)| Assignee::Group(*g));
                (g, self.rng.below(100))
            } else {
                let u = self.rng.pick(&self.admins).map(|u| Assignee::User(*u));
                (u, self.rng.below(100))
            };
            i += 1;
            let Some(assignee) = assignee else {
                continue;
            };
            let already = held.entry(key(assignee)).or_default().clone();
            let Some(role) = self.admin_role(&already) else {
                stalls += 1;
                if stalls > total * 4 + 1000 {
                    return Err(invalid("ran out of roles to assign"));
                }
                continue;
            };
            held.entry(key(assignee)).or_default().push(role);
            let rw = self.recipient_write_for(role, choice);
            let cw = self.config_write_for(role);
            self.assign(role, assignee, false, rw, cw)?;
            made += 1;
        }
        Ok(())
    }
}
