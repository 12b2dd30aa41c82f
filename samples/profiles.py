"""Generator profiles: which careers an export's postings belong to, and how many skills they list.

- `dense` (the default): the 18 careers of samples/catalog.py `CAREERS`, drawn by their weights;
  a posting lists every skill its career's probabilities give it (10-20 on average).
- `sparse`: what a small real export looks like (FORMAT.md, "Observed in a real 349-posting US
  sample export"): most careers have 1-3 postings and most postings list 0-2 skills, so many
  careers share no skill with another and some have none. Its careers are the 18 of `dense` (4-14
  postings each, like the few larger careers of the real sample) and `SPARSE_CAREERS`: every
  free 8-digit code under the same 7 occupations, named after a career of that occupation with
  a qualifier ("Pediatric Registered Nurse"), each keeping 2-6 of that career's specialized skills
  (1-3 postings each). At about 1,200 postings every career gets its share once; more postings
  go round the careers again, so they grow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache

import numpy as np

from samples.catalog import CAREERS, SKILL_INDEX, SKILLS, Career
from samples.sampling import AssignCareers, PickSkills

#: How many skills a sparse posting lists: 0, 1 or 2, with these probabilities.
SKILL_COUNTS = (0.3, 0.4, 0.3)
#: Postings per derived career (1, 2 or 3) and per dense career (uniform 4-14).
DERIVED_SIZES = (0.5, 0.3, 0.2)
DENSE_SIZES = (4, 14)

_QUALIFIERS = {
    "tech": (
        "Platform", "Integration", "Automation", "Security", "Infrastructure", "Embedded",
        "Research", "Applied", "Cloud", "Mobile", "Backend", "Frontend", "Reporting", "Product",
        "Systems", "Quality", "Edge", "Robotics", "Healthcare", "Financial", "Marketing",
        "Supply Chain", "Clinical", "Geospatial", "Audio", "Vision", "Search", "Ads", "Risk",
        "Pricing",
    ),
    "health": (
        "Pediatric", "Surgical", "Oncology", "Cardiac", "Emergency", "Hospice", "Home Health",
        "Travel", "Night Shift", "Psychiatric", "Dialysis", "Labor and Delivery", "Telemetry",
        "Float Pool", "School", "Occupational Health", "Infusion", "Wound Care",
        "Case Management", "Neonatal", "Orthopedic", "Rehabilitation", "Geriatric",
        "Public Health", "Ambulatory", "Perioperative", "Transplant", "Research", "Triage",
        "Clinic",
    ),
    "finance": (
        "Tax", "Audit", "Forensic", "Payroll", "Cost", "Staff", "Governmental", "Nonprofit",
        "Fund", "Revenue", "Treasury", "Internal", "External", "Property", "Construction",
        "Healthcare", "Insurance", "Bank", "Trust", "Estate", "Compliance", "Lease", "Project",
        "Plant", "Inventory", "Billing", "Consolidation", "International", "Sales Tax", "Grant",
    ),
    "trades": (
        "Residential", "Commercial", "Industrial", "Solar", "Controls", "Utility", "Low Voltage",
        "Marine", "Substation", "Service", "Maintenance", "Fire Alarm", "Security Systems",
        "Traffic Signal", "Elevator", "Panel", "Lighting", "Data Center", "Wind", "Oilfield",
        "Mining", "Rail", "Aviation", "Facilities", "HVAC", "Generator", "Instrumentation",
        "Motor", "Line", "Shipyard",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """What `samples.sampling.sample_postings` needs to know of a profile: its careers, and,
    where it departs from drawing careers by weight and skills by probability, how it does."""

    name: str
    careers: tuple[Career, ...]
    assign: AssignCareers | None = None
    pick_skills: PickSkills | None = None


def _names(careers: list[Career], count: int) -> list[tuple[Career, str]]:
    """`count` (career it derives from, name) pairs: qualifier + name, round robin over the
    careers, then two qualifiers; never a name already taken."""
    quals = _QUALIFIERS[careers[0].family]
    taken = {c.name for c in CAREERS}
    out: list[tuple[Career, str]] = []
    candidates = [(c, f"{q} {c.name}") for q in quals for c in careers] + [
        (c, f"{q1} {q2} {c.name}") for q1 in quals for q2 in quals if q1 != q2 for c in careers
    ]
    for base, name in candidates:
        if len(out) == count:
            break
        if name not in taken:
            taken.add(name)
            out.append((base, name))
    return out


def _derived(base: Career, code: int, name: str, rng: np.random.Generator) -> Career:
    """A career like `base` with 2-6 of its specialized skills (drawn by their shares)."""
    names = list(base.skills)
    weights = np.array([base.skills[n] for n in names])
    keep = rng.choice(len(names), size=min(len(names), int(rng.integers(2, 7))), replace=False,
                      p=weights / weights.sum())  # fmt: skip
    skills = {names[i]: base.skills[names[i]] for i in sorted(keep)}
    return dataclasses.replace(
        base, code=code, name=name, weight=0.0, skills=skills,
        premium={k: v for k, v in base.premium.items() if k in skills},
    )  # fmt: skip


@cache
def sparse_careers() -> tuple[Career, ...]:
    """The dense careers, then one derived career for every free code of their occupations
    (the same every run: its own fixed random stream)."""
    rng = np.random.default_rng(22)
    out = list(CAREERS)
    by_occupation: dict[int, list[Career]] = {}
    for career in CAREERS:
        by_occupation.setdefault(career.occupation, []).append(career)
    for occupation, bases in sorted(by_occupation.items()):
        used = {c.code for c in bases}
        free = [occupation * 100 + k for k in range(11, 100) if occupation * 100 + k not in used]
        for code, (base, name) in zip(free, _names(bases, len(free)), strict=False):
            out.append(_derived(base, code, name, rng))
    return tuple(out)


def _assign_sparse(rng: np.random.Generator, n: int) -> np.ndarray:
    """Career index of each of n postings: each career its size (DENSE_SIZES for the dense
    careers, DERIVED_SIZES for the rest) in a random order, round after round, cut at n."""
    careers = sparse_careers()
    dense = len(CAREERS)
    picks: list[np.ndarray] = []
    total = 0
    while total < n:
        sizes = np.concatenate([
            rng.integers(DENSE_SIZES[0], DENSE_SIZES[1] + 1, size=dense),
            rng.choice([1, 2, 3], size=len(careers) - dense, p=DERIVED_SIZES),
        ])  # fmt: skip
        order = rng.permutation(len(careers))
        picks.append(np.repeat(order, sizes[order]))
        total += int(sizes.sum())
    career = np.concatenate(picks)[:n] if picks else np.zeros(0, dtype=np.int64)
    return career[rng.permutation(len(career))]


def _pick_sparse(rng: np.random.Generator, career: np.ndarray, present: np.ndarray) -> np.ndarray:
    """0-2 skills per posting (SKILL_COUNTS), drawn from its career's own skills by their shares;
    `present` (the dense draw) is not used."""
    careers = sparse_careers()
    tables = []
    for c in careers:
        index = np.array([SKILL_INDEX[n] for n in c.skills], dtype=np.int64)
        weights = np.array(list(c.skills.values()))
        tables.append((index, weights / weights.sum()))
    counts = rng.choice(len(SKILL_COUNTS), size=len(career), p=SKILL_COUNTS)
    out = np.zeros((len(career), len(SKILLS)), dtype=bool)
    for i, (ci, k) in enumerate(zip(career.tolist(), counts.tolist(), strict=True)):
        index, p = tables[ci]
        if k:
            out[i, rng.choice(index, size=min(k, len(index)), replace=False, p=p)] = True
    return out


DENSE = Profile("dense", tuple(CAREERS))


def profile_named(name: str) -> Profile:
    """The profile called `name` (`dense` or `sparse`); ValueError for any other."""
    if name == "dense":
        return DENSE
    if name == "sparse":
        return Profile("sparse", sparse_careers(), _assign_sparse, _pick_sparse)
    raise ValueError(f"unknown generator profile {name!r}: use dense or sparse")
