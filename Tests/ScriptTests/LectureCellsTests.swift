import Foundation
import Testing
@testable import Autograd
@testable import Script
@testable import Demos

/// The lecture's cells 12.2 and 12.3 pasted into a script: recognised, never run, stepped as the notebook's loop.
@Suite struct LectureCellsTests {
    /// The neuron as the lecture builds it, without its `backward()`.
    static let neuron = Demo.named("neuron")!.source.replacingOccurrences(of: "o.backward()", with: "")

    /// Cell 12.2 and 12.3 as the notebook has them, comments and docstring and all.
    static let cells = """
        # build a topological graph
        topo = [] # this list is a global variable
        visited = set() # maintain set of visited nodes (global variable)
        def build_topo(v):
          '''
          given a root node, v, this function recursively lays the child nodes of v from Left-to-Right
          this ensuring all arcs point in one direction
          Inputs:
            v: root node
          Returns:
            None: global variable 'topo' is now a sorted list of nodes
          '''
          if v not in visited:
            visited.add(v) # add node to the list, if we have not yet visited it
            # for child in v._prev: # non-deterministic, but valid!
            for child in sorted(v._prev, key=lambda x: x.label): # enforce stability for education purposes
              build_topo(child) # recursively call
            topo.append(v) # a node only adds itself to the 'topo' global list AFTER all its CHILDREN have been added.
        build_topo(o) # start the topo sort at node `o` (the root node)
        topo # note: this (global) list is now topo sorted!

        # i - run `._backward()` on all nodes in reverse topological order (start at final node, `o`)
        o.grad = 1.0 # base case: init "global gradient" for final node
        for node in reversed(topo):
          node._backward()
        draw_dot(o)

        """

    func titles(_ script: LoadedScript, _ ids: [NodeID]) -> [String] { ids.map { script.graph.wholeLabel($0) } }

    @Test func theNotebooksCellsOpenAndStepAsItsLoopDoes() throws {
        let script = try load(Self.neuron + "\n" + Self.cells)
        #expect(script.pass == nil && script.lectureOrder == .label && script.defaultOrder == .label)
        let graph = script.graph
        #expect(graph.wholeLabel(script.root) == "o")
        let trace = Trace(graph: graph, root: script.root, engine: .fixed, order: script.defaultOrder)
        // The seed's own output of `topo` after `build_topo(o)`: b, w1, x1, x1*w1, w2, x2, x2*w2, x1*w1 + x2*w2, n, o.
        #expect(titles(script, trace.topo) == ["b", "w1", "x1", "x1*w1", "w2", "x2", "x2*w2", "x1*w1 + x2*w2", "n", "o"])
        // And the lecture's grads after the loop.
        let grads = Dictionary(uniqueKeysWithValues: graph.nodes.indices.map { (graph.wholeLabel($0), trace.finalGrads[$0]) })
        for (label, grad) in ["x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0, "b": 0.5, "n": 0.5, "o": 1.0] {
            #expect(abs(grads[label]! - grad) < 1e-4, "\(label)")
        }
    }

    @Test func theVariationsALearnerTypesAreTheSameCells() throws {
        let variants = [
            Self.cells.replacingOccurrences(of: "topo = [] # this list is a global variable\nvisited = set() # maintain set of visited nodes (global variable)",
                                            with: "topo, visited = [], set()"),
            Self.cells.replacingOccurrences(of: "for node in reversed(topo):\n  node._backward()", with: "for node in reversed(topo): node._backward()"),
            Self.cells.replacingOccurrences(of: "(v)", with: "(value)").replacingOccurrences(of: "v not", with: "value not")
                .replacingOccurrences(of: "(v._prev", with: "(value._prev").replacingOccurrences(of: "child", with: "c"),
            Self.cells.replacingOccurrences(of: "key=lambda x: x.label", with: "key = lambda n:n.label"),
            Self.cells.replacingOccurrences(of: "'''", with: "\"\"\""),
            // Windows line ends, a tab after def, a space before the colon, a one-line docstring, the call twice.
            Self.cells.replacingOccurrences(of: "\n", with: "\r\n"),
            Self.cells.replacingOccurrences(of: "def build_topo(v):", with: "def\tbuild_topo(v) :"),
            Self.cells.replacingOccurrences(of: "  if v not in visited:", with: "  \"sorts the graph\"\n  if v not in visited:"),
            Self.cells.replacingOccurrences(of: "topo # note", with: "build_topo(o)\ntopo # note"),
        ]
        for variant in variants {
            let script = try load(Self.neuron + "\n" + variant)
            #expect(script.lectureOrder == .label && script.pass == nil, "\(variant)")
        }
        // `for child in v._prev:` is Python's set order: random.
        let plain = Self.cells.replacingOccurrences(of: "for child in sorted(v._prev, key=lambda x: x.label):", with: "for child in v._prev:")
        #expect(try load(Self.neuron + "\n" + plain).defaultOrder == .random(seed: 1))
        // Without the loop, the cells still read: the search alone.
        let searchOnly = Self.cells.components(separatedBy: "o.grad = 1.0")[0] + "o.backward()\n"
        #expect(try load(Self.neuron + "\n" + searchOnly).lectureOrder == .label)
    }

    @Test func anyOtherShapeIsRefusedAndTheLinesKeepTheirNumbers() throws {
        func failure(_ source: String) -> ScriptError? {
            do { _ = try ScriptLoader.load(source: source, name: "t.py"); return nil } catch { return error }
        }
        let shapes = [
            // Appends before its children: not build_topo.
            Self.cells.replacingOccurrences(of: "    topo.append(v)", with: "    visited.add(v)"),
            // The loop forwards, not reversed.
            Self.cells.replacingOccurrences(of: "reversed(topo)", with: "topo"),
            // Calls something else on each child.
            Self.cells.replacingOccurrences(of: "      build_topo(child)", with: "      print(child)"),
        ]
        for shape in shapes {
            let error = try #require(failure(Self.neuron + "\n" + shape))
            #expect(error.message.contains("gradstep exporter"), "\(error.message)")
        }
        // A build_topo that differs from the lecture's is refused at the line that differs, saying what the lecture has.
        let wrong: [(String, String, String, String)] = [
            ("    topo.append(v)", "      topo.append(v)", "topo.append(v)", "comes after the loop, not in it"),
            ("    visited.add(v)", "    visited.discard(v)", "visited.discard", "visited.add(v)"),
            ("o.grad = 1.0 #", "o.grad = 2.0 #", "o.grad = 2.0", "from `o.grad = 1.0`"),
            ("o.grad = 1.0 # base case", "# no seed", "for node in reversed", "needs `o.grad = 1.0` before it"),
            ("  node._backward()", "  node._backward()\n  print(node)", "print(node)", "alone"),
            ("build_topo(o) #", "# build_topo(o) #", "def build_topo", "never called"),
        ]
        for (old, new, at, says) in wrong {
            let source = Self.neuron + "\n" + Self.cells.replacingOccurrences(of: old, with: new)
            let error = try #require(failure(source), "\(new)")
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[error.location.line - 1].contains(at) && error.message.contains(says), "\(error.location): \(error.message)")
        }
        // Not Python, so not the lecture's either: `invisited` is one name.
        #expect(failure(Self.neuron + "\n" + Self.cells.replacingOccurrences(of: "if v not in visited", with: "if v not invisited")) != nil)
        // A mistake after the cells is reported at its own line.
        let lines = (Self.neuron + "\n" + Self.cells).split(separator: "\n", omittingEmptySubsequences: false).count
        let error = try #require(failure(Self.neuron + "\n" + Self.cells + "q = o +\n"))
        #expect(error.location.line == lines, "\(error.location)")
    }

    @Test func theTwoPathsGraphLosesUnderTheCellsAsUnderBackward() throws {
        let demo = Demo.named("two-paths")!.source.replacingOccurrences(of: "f.backward()", with: "")
        let cells = Self.cells.replacingOccurrences(of: "(o)", with: "(f)").replacingOccurrences(of: "o.grad", with: "f.grad")
        let pasted = try load(demo + "\n" + cells)
        let demoScript = try load(Demo.named("two-paths")!.source)
        for engine in [Engine.buggy, .fixed] {
            let a = Trace(graph: pasted.graph, root: pasted.root, engine: engine, order: pasted.defaultOrder)
            let b = Trace(graph: demoScript.graph, root: demoScript.root, engine: engine, order: demoScript.defaultOrder)
            #expect(a.finalGrads == b.finalGrads && titles(pasted, a.topo) == titles(demoScript, b.topo))
        }
    }
}
