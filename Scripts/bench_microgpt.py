"""One training step of the tests' microgpt-shaped model, timed in Python: the plain forward,
forward + backward, the forward inside gradstep_export.recording(), and save(). gradstep-bench
runs it for its microgpt rows and then opens the file it writes.

    python3 Scripts/bench_microgpt.py N_EMBD DOCUMENTS OUT.json

Prints one line: values, then seconds for forward, forward + backward, recorded forward and
save, then the file's bytes.
"""
import gc
import os
import random
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(here, "..", "Tests", "SavedGraphTests", "Classes"), os.path.join(here, "..", "Exporter")]
sys.setrecursionlimit(100000)
import gradstep_export  # noqa: E402
import microgpt_model as model  # noqa: E402


def best(run, repeats=3):
    """The fastest of `repeats` runs, each after a full collection, and its result."""
    fastest, result = float("inf"), None
    for _ in range(repeats):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = run()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def main():
    n_embd, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    model.configure(embd=n_embd, heads=4, vocabulary=27, block_size=16)
    rng = random.Random(3)
    # Names of 4 to 9 letters, as microgpt's dataset has, between its BOS tokens (26).
    documents = [[26] + [rng.randrange(26) for _ in range(rng.randint(4, 9))] + [26] for _ in range(count)]
    forward, _ = best(lambda: model.step_loss(documents))

    def forward_backward():
        loss = model.step_loss(documents)
        loss.backward()
        return loss
    both, _ = best(forward_backward)

    def recorded():
        with gradstep_export.recording():
            return model.step_loss(documents)
    recording, loss = best(recorded)
    saving, values = best(lambda: gradstep_export.save(loss, out, names=model.state_dict), repeats=1)
    print(values, "%.3f %.3f %.3f %.3f" % (forward, both, recording, saving), os.path.getsize(out))


if __name__ == "__main__":
    main()
