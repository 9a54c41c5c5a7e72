"""CI: executes the notebooks headless against a lake and fails when a cell raises.

Run by .ci/check-notebooks with the virtualenv's Python (nbclient, ipykernel and the notebooks'
requirements installed there); the kernel is that same Python. For every notebooks/*.ipynb (or
the notebooks named as arguments):

- the committed file must be clean: no outputs and no execution counts in any code cell;
- it is executed with nbclient in notebooks/ (so `import lake` works), 300 s per cell, with
  CREDITLAKE_LAKE (a folder, made absolute, or an s3:// / s3a:// URI) passed to the kernel;
- the executed copy goes to target/notebooks-executed/ (never into the repository), also when a
  cell fails, so the failure can be read in context.

Exit 0 when every notebook is clean and ran through; 1 otherwise, naming notebook, cell and error.
"""

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "target" / "notebooks-executed"
CELL_TIMEOUT = 300
KERNEL = "python3"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def dirty_cells(nb):
    """Code cells committed with outputs or an execution count."""
    return [(i, c.get("execution_count"), len(c.get("outputs", [])))
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def failing_cell(nb):
    """(index, cell id, ename, evalue, traceback) of the first cell with an error output."""
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            if o.get("output_type") == "error":
                return i, c.get("id"), o.get("ename"), o.get("evalue"), ANSI.sub("", "\n".join(o.get("traceback", [])))
    return None


def where(traceback):
    """The traceback's essentials: the deepest frame in the notebook's cells and the deepest frame
    of all (e.g. in lake.py or pandas), each as its header and the line marked ---->."""
    frames, current = [], None
    for line in traceback.splitlines():
        if line.startswith(("Cell In[", "File ")):
            current = [line]
            frames.append(current)
        elif current is not None and line.lstrip().startswith(("---->", "->")):
            current.append(line)
        elif not line.strip():
            current = None
    cells = [f for f in frames if f[0].startswith("Cell In[")]
    picked = cells[-1:] + (frames[-1:] if frames and (not cells or frames[-1] is not cells[-1]) else [])
    return [line for f in picked for line in f]


def kernel_python():
    """The Python the python3 kernel will run: jupyter_client swaps a spec's bare `python` for
    sys.executable, so with ipykernel installed in this venv it is this venv's Python."""
    try:
        argv = KernelSpecManager().get_kernel_spec(KERNEL).argv
    except NoSuchKernel:
        return None
    return sys.executable if argv and argv[0] in ("python", "python3", f"python3.{sys.version_info[1]}") else argv[0]


def lake_from_env():
    lake = os.environ.get("CREDITLAKE_LAKE", str(ROOT / "lake"))
    return lake if "://" in lake else str(Path(lake).resolve())


def main(argv):
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"run_notebooks: no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 1
    lake = lake_from_env()
    env_note = f"CREDITLAKE_LAKE={lake}"
    os.environ["CREDITLAKE_LAKE"] = lake          # the kernel inherits it
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"   # no notebooks/__pycache__ in the checkout
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # charts as outputs, whatever CI sets
    python = kernel_python()
    if python is None:
        print(f"run_notebooks: no '{KERNEL}' kernel; install ipykernel into {sys.prefix}", file=sys.stderr)
        return 1
    print(f"run_notebooks: {len(paths)} notebook(s), kernel {KERNEL} = {python}, {env_note}")
    OUT.mkdir(parents=True, exist_ok=True)

    failures = []
    total = time.monotonic()
    sockets = tempfile.mkdtemp(prefix="creditlake-nb-")
    try:
        for path in paths:
            failures += run_one(path, sockets)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    print(f"run_notebooks: {len(paths)} notebook(s) in {time.monotonic() - total:.1f} s")
    if failures:
        print("\nrun_notebooks: FAILED\n" + "\n\n".join(failures), file=sys.stderr)
        return 1
    return 0


def run_one(path, sockets):
    """Checks that one notebook is committed clean and runs it; returns its failures."""
    failures = []
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    nb = nbformat.read(path, as_version=4)
    dirty = dirty_cells(nb)
    if dirty:
        cells = ", ".join(f"cell {i} (execution_count {n}, {k} output(s))" for i, n, k in dirty)
        failures.append(f"{name}: committed with outputs — {cells}; clear them before committing "
                        f"(jupyter nbconvert --clear-output --inplace {name})")
    started = time.monotonic()
    # IPC sockets in a private temporary folder: nothing listens on TCP ports
    km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "kernel"))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(path.parent)}})
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        found = failing_cell(nb)
        if found:
            i, cell_id, ename, evalue, tb = found
            error = (f"{name}: cell {i} (0-based, markdown counted; id {cell_id}) raised {ename}: {str(evalue).splitlines()[0][:300] if evalue else ''}\n"
                     + "\n".join("    " + line for line in where(tb))
                     + f"\n    (whole traceback in target/notebooks-executed/{path.name})")
        else:
            error = f"{name}: {ANSI.sub('', str(e))[-2000:]}"
    except CellTimeoutError as e:
        error = f"{name}: a cell ran longer than {CELL_TIMEOUT} s: {str(e)[:500]}"
    except DeadKernelError as e:
        error = f"{name}: the kernel died: {e}"
    finally:
        if km.has_kernel:                 # nbclient shuts down only kernels it started itself
            km.shutdown_kernel()
    seconds = time.monotonic() - started
    out = OUT / path.name
    nbformat.write(nb, out)
    if error:
        failures.append(error)
        print(f"  FAILED {name} in {seconds:.1f} s (executed copy: {out.relative_to(ROOT)})")
    else:
        print(f"  ok     {name} in {seconds:.1f} s → {out.relative_to(ROOT)}")
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
