//! Strongly connected components of the type graph, so that recursion is found in linear time.

/// Tarjan's algorithm, iterative (deep chains of types must not exhaust the stack).
/// `edges[v]` lists the nodes `v` points to. Returns each node's component number; nodes of
/// one component reach each other.
pub(crate) fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // (node, position in its edge list)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        while let Some((v, i)) = work.pop() {
            if i == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(i) {
                work.push((v, i + 1));
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            // All of v's edges done: close its component if it is a root.
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn finds_cycles_and_leaves_chains_apart() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 and 4 alone are not in it.
        let c = components(&[vec![1], vec![2], vec![0], vec![0], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[3], c[4]);
    }

    #[test]
    fn cycles_through_any_edge_of_a_node_are_found() {
        // 0 -> 1 (a dead end) and 0 -> 2 -> 0: the cycle leaves 0 by its second edge.
        let c = components(&[vec![1, 2], vec![], vec![0]]);
        assert_eq!(c[0], c[2]);
        assert_ne!(c[0], c[1]);
    }

    #[test]
    fn a_long_chain_does_not_recurse() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
