//! Facts about the named types that depend on the whole type graph: which fields must be
//! boxed, which aliases must be newtypes, which types hold secrets or derive `Default`.
//! Each is computed in time linear in the size of the graph (strongly connected components
//! and graph searches), so that thousands of types cost thousands of steps, not millions.

use super::graph::components;
use crate::ir::{Api, ResponsePayload, RustType, TypeDef, TypeKind};
use std::collections::{BTreeMap, HashMap};

/// The types a type's values hold directly.
fn direct_types(kind: &TypeKind) -> Vec<&RustType> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Responses { variants } => variants
            .iter()
            .filter_map(|v| match &v.payload {
                ResponsePayload::Json(t) => Some(t),
                _ => None,
            })
            .collect(),
        TypeKind::StringEnum { .. } => vec![],
    }
}

/// The named types a type holds inline: not behind `Vec`, a map or `Box`.
fn inline_targets<'t>(ty: &'t RustType, out: &mut Vec<&'t str>) {
    match ty {
        RustType::Named(n) => out.push(n),
        RustType::Option(inner) => inline_targets(inner, out),
        RustType::Tuple(items) => items.iter().for_each(|t| inline_targets(t, out)),
        _ => {}
    }
}

/// The types as graph nodes: names in order, and a name -> node lookup.
struct Nodes {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Nodes {
    fn of(types: &BTreeMap<String, TypeDef>) -> Self {
        let names: Vec<String> = types.keys().cloned().collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Nodes { names, index }
    }

    /// Edges from each type to the types `targets` finds in it.
    fn edges(
        &self,
        types: &BTreeMap<String, TypeDef>,
        targets: impl Fn(&TypeDef) -> Vec<String>,
    ) -> Vec<Vec<usize>> {
        self.names
            .iter()
            .map(|n| {
                targets(&types[n])
                    .iter()
                    .filter_map(|t| self.index.get(t).copied())
                    .collect()
            })
            .collect()
    }
}

/// Whether node `v` is on a cycle: its component has another node, or it points to itself.
fn on_cycle(v: usize, edges: &[Vec<usize>], component: &[usize], sizes: &[usize]) -> bool {
    sizes[component[v]] > 1 || edges[v].contains(&v)
}

fn component_sizes(component: &[usize]) -> Vec<usize> {
    let mut sizes = vec![0; component.iter().max().map_or(0, |m| m + 1)];
    for &c in component {
        sizes[c] += 1;
    }
    sizes
}

/// Rust rejects a type alias that mentions itself; such aliases become newtypes. An alias
/// that is only itself (`A = B`, `B = A`, with no container between) has no meaning:
/// `Err` names it.
pub(crate) fn alias_cycles_to_newtypes(
    types: &mut BTreeMap<String, TypeDef>,
) -> Result<(), String> {
    let nodes = Nodes::of(types);
    // Only paths through aliases make an alias recursive.
    let edges = nodes.edges(types, |def| match &def.kind {
        TypeKind::Alias(ty) => {
            let mut out = Vec::new();
            ty.named_types(&mut out);
            out.into_iter().map(str::to_owned).collect()
        }
        _ => Vec::new(),
    });
    let component = components(&edges);
    let sizes = component_sizes(&component);
    for (v, name) in nodes.names.iter().enumerate() {
        if !on_cycle(v, &edges, &component, &sizes) {
            continue;
        }
        if only_itself(types, name) {
            return Err(name.clone());
        }
        if let Some(def) = types.get_mut(name) {
            if let TypeKind::Alias(ty) = &def.kind {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
    Ok(())
}

/// Whether an alias leads back to itself through bare names (and `Option`) alone.
fn only_itself(types: &BTreeMap<String, TypeDef>, name: &str) -> bool {
    let mut current = name;
    // A chain of bare names longer than the number of types has looped elsewhere.
    for _ in 0..types.len() {
        let Some(TypeKind::Alias(ty)) = types.get(current).map(|d| &d.kind) else {
            return false;
        };
        let mut ty = ty;
        while let RustType::Option(inner) = ty {
            ty = inner.as_ref();
        }
        let RustType::Named(next) = ty else {
            return false;
        };
        if next == name {
            return true;
        }
        current = next.as_str();
    }
    false
}

/// Boxes struct fields, union variants and newtype fields that would otherwise make a type
/// contain itself: those whose target is in the same strongly connected component.
pub(crate) fn box_recursion(types: &mut BTreeMap<String, TypeDef>) {
    let nodes = Nodes::of(types);
    let edges = nodes.edges(types, |def| {
        let mut out = Vec::new();
        for ty in direct_types(&def.kind) {
            inline_targets(ty, &mut out);
        }
        out.into_iter().map(str::to_owned).collect()
    });
    let component = components(&edges);
    let same_component = |from: usize, ty: &RustType| {
        let mut targets = Vec::new();
        inline_targets(ty, &mut targets);
        targets.iter().any(|t| {
            nodes
                .index
                .get(*t)
                .is_some_and(|&to| component[to] == component[from])
        })
    };
    for (v, name) in nodes.names.iter().enumerate() {
        let Some(def) = types.get_mut(name) else {
            continue;
        };
        let slots: Vec<&mut RustType> = match &mut def.kind {
            TypeKind::Struct { fields } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::OneOf { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Newtype(ty) => vec![ty],
            _ => continue,
        };
        for slot in slots {
            if same_component(v, slot) {
                *slot = box_named(slot.clone());
            }
        }
    }
}

fn box_named(ty: RustType) -> RustType {
    match ty {
        RustType::Option(inner) => RustType::Option(Box::new(box_named(*inner))),
        named @ RustType::Named(_) => RustType::Box(Box::new(named)),
        RustType::Tuple(items) => RustType::Tuple(items.into_iter().map(box_named).collect()),
        other => other,
    }
}

/// Fills `holds_secret` (the type reaches a secret field) and `default` (every value it
/// needs has a default, and it does not need itself).
pub(crate) fn fill_facts(types: &mut BTreeMap<String, TypeDef>) {
    let nodes = Nodes::of(types);
    let n = nodes.names.len();

    // Secrets: search backwards from the types with a secret field of their own.
    let mentions = nodes.edges(types, |def| {
        let mut out = Vec::new();
        for ty in direct_types(&def.kind) {
            ty.named_types(&mut out);
        }
        out.into_iter().map(str::to_owned).collect()
    });
    let mut mentioned_by = vec![Vec::new(); n];
    for (v, targets) in mentions.iter().enumerate() {
        for &t in targets {
            mentioned_by[t].push(v);
        }
    }
    let mut secret = vec![false; n];
    let mut queue: Vec<usize> = (0..n)
        .filter(|&v| {
            matches!(&types[&nodes.names[v]].kind, TypeKind::Struct { fields } if fields.iter().any(|f| f.secret))
        })
        .collect();
    for &v in &queue {
        secret[v] = true;
    }
    while let Some(v) = queue.pop() {
        for &u in &mentioned_by[v] {
            if !secret[u] {
                secret[u] = true;
                queue.push(u);
            }
        }
    }

    // Default: a type without one of its own kind, or needing (not through Option, Vec or a
    // map) a type without one, or needing itself, has none.
    let needs = nodes.edges(types, |def| {
        direct_types(&def.kind)
            .into_iter()
            .flat_map(needed_names)
            .collect()
    });
    let component = components(&needs);
    let sizes = component_sizes(&component);
    let mut no_default: Vec<bool> = (0..n)
        .map(|v| {
            !matches!(
                types[&nodes.names[v]].kind,
                TypeKind::Struct { .. } | TypeKind::Alias(_) | TypeKind::Newtype(_)
            ) || on_cycle(v, &needs, &component, &sizes)
        })
        .collect();
    // Search backwards from the types without a default.
    let mut needed_by = vec![Vec::new(); n];
    for (v, targets) in needs.iter().enumerate() {
        for &t in targets {
            needed_by[t].push(v);
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| no_default[v]).collect();
    while let Some(v) = queue.pop() {
        for &u in &needed_by[v] {
            if !no_default[u] {
                no_default[u] = true;
                queue.push(u);
            }
        }
    }

    for (v, name) in nodes.names.iter().enumerate() {
        if let Some(def) = types.get_mut(name) {
            def.holds_secret = secret[v];
            def.default = !no_default[v];
        }
    }
}

/// The named types a value of `ty` needs a default of, for `ty` to have one.
fn needed_names(ty: &RustType) -> Vec<String> {
    match ty {
        RustType::Named(n) => vec![n.clone()],
        RustType::Box(t) => needed_names(t),
        RustType::Tuple(items) => items.iter().flat_map(needed_names).collect(),
        _ => Vec::new(),
    }
}

/// Marks the types users build values of ([`TypeDef::input`]): those reachable from an
/// operation's inputs (parameters and bodies), through fields, alternatives and aliases.
pub(super) fn mark_inputs(api: &mut Api) {
    let mut pending: Vec<String> = Vec::new();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        for input in &op.inputs {
            if let Some(t) = input.passing.rust_type() {
                let mut names = Vec::new();
                t.named_types(&mut names);
                pending.extend(names.into_iter().map(str::to_owned));
            }
        }
    }
    let by_name: std::collections::BTreeMap<String, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    while let Some(name) = pending.pop() {
        let Some(&i) = by_name.get(&name) else {
            continue;
        };
        let def = &mut api.types[i];
        if def.input {
            continue;
        }
        def.input = true;
        let mut names = Vec::new();
        match &def.kind {
            TypeKind::Struct { fields } => fields.iter().for_each(|f| f.ty.named_types(&mut names)),
            TypeKind::OneOf { variants, .. } => {
                variants.iter().for_each(|v| v.ty.named_types(&mut names))
            }
            TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named_types(&mut names),
            _ => {}
        }
        pending.extend(names.into_iter().map(str::to_owned));
    }
}
