"""Deterministic synthetic Lightcast-style exports (postings, skills taxonomy, employment).

`generate_export(out_dir, postings, seed, end, profile)` writes every postings variant of
FORMAT.md (CSV, gzip CSV, lower-case pipe-list CSV, Parquet with real and JSON-string
lists, the shape of a real sample export), deliberate re-versions of earlier IDs, rows breaking
each rule of docs/ROW_RULES.md, and the quirks of a real delivery (samples/quirks.py). The
`dense` profile (default) has a few careers of many postings; `sparse` (samples/profiles.py)
has hundreds of careers of 1-3 postings with 0-2 skills each. Only numpy, pyarrow and the
standard library are used.
"""

from __future__ import annotations

import base64
import csv
import gc
import gzip
import hashlib
import io
import json
import math
import operator
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from samples import onet

# ============================================================================ columns

HEADER: list[str] = [
    "ID", "LAST_UPDATED_DATE", "LAST_UPDATED_TIMESTAMP", "DUPLICATES", "POSTED", "EXPIRED",
    "DURATION", "SOURCE_TYPES", "SOURCES", "URL", "ACTIVE_URLS", "ACTIVE_SOURCES_INFO", "TITLE_RAW",
    "BODY", "MODELED_EXPIRED", "MODELED_DURATION", "COMPANY", "COMPANY_NAME", "COMPANY_RAW",
    "COMPANY_IS_STAFFING", "EDUCATION_LEVELS", "EDUCATION_LEVELS_NAME", "MIN_EDULEVELS",
    "MIN_EDULEVELS_NAME", "MAX_EDULEVELS", "MAX_EDULEVELS_NAME", "EMPLOYMENT_TYPE",
    "EMPLOYMENT_TYPE_NAME", "MIN_YEARS_EXPERIENCE", "MAX_YEARS_EXPERIENCE", "IS_INTERNSHIP",
    "SALARY", "REMOTE_TYPE", "REMOTE_TYPE_NAME", "ORIGINAL_PAY_PERIOD", "SALARY_TO", "SALARY_FROM",
    "LOCATION", "CITY", "CITY_NAME", "COUNTY", "COUNTY_NAME", "MSA", "MSA_NAME", "STATE",
    "STATE_NAME", "COUNTY_OUTGOING", "COUNTY_NAME_OUTGOING", "COUNTY_INCOMING",
    "COUNTY_NAME_INCOMING", "MSA_OUTGOING", "MSA_NAME_OUTGOING", "MSA_INCOMING",
    "MSA_NAME_INCOMING", "NAICS2", "NAICS2_NAME", "NAICS3", "NAICS3_NAME", "NAICS4", "NAICS4_NAME",
    "NAICS5", "NAICS5_NAME", "NAICS6", "NAICS6_NAME", "TITLE", "TITLE_NAME", "TITLE_CLEAN",
    "SKILLS", "SKILLS_NAME", "SPECIALIZED_SKILLS", "SPECIALIZED_SKILLS_NAME", "CERTIFICATIONS",
    "CERTIFICATIONS_NAME", "COMMON_SKILLS", "COMMON_SKILLS_NAME", "SOFTWARE_SKILLS",
    "SOFTWARE_SKILLS_NAME", "ONET", "ONET_NAME", "ONET_2019", "ONET_2019_NAME", "CIP6", "CIP6_NAME",
    "CIP4", "CIP4_NAME", "CIP2", "CIP2_NAME", "SOC_2021_2", "SOC_2021_2_NAME", "SOC_2021_3",
    "SOC_2021_3_NAME", "SOC_2021_4", "SOC_2021_4_NAME", "SOC_2021_5", "SOC_2021_5_NAME",
    "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME",
    "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION_GROUP",
    "LOT_OCCUPATION_GROUP_NAME", "LOT_V6_SPECIALIZED_OCCUPATION",
    "LOT_V6_SPECIALIZED_OCCUPATION_NAME", "LOT_V6_OCCUPATION", "LOT_V6_OCCUPATION_NAME",
    "LOT_V6_OCCUPATION_GROUP", "LOT_V6_OCCUPATION_GROUP_NAME", "LOT_V6_CAREER_AREA",
    "LOT_V6_CAREER_AREA_NAME", "SOC_2", "SOC_2_NAME", "SOC_3", "SOC_3_NAME", "SOC_4", "SOC_4_NAME",
    "SOC_5", "SOC_5_NAME", "LIGHTCAST_SECTORS", "LIGHTCAST_SECTORS_NAME", "NAICS_2022_2",
    "NAICS_2022_2_NAME", "NAICS_2022_3", "NAICS_2022_3_NAME", "NAICS_2022_4", "NAICS_2022_4_NAME",
    "NAICS_2022_5", "NAICS_2022_5_NAME", "NAICS_2022_6", "NAICS_2022_6_NAME",
]

_INT_COLS = {
    "DUPLICATES", "DURATION", "MODELED_DURATION", "COMPANY", "MIN_EDULEVELS", "MAX_EDULEVELS",
    "EMPLOYMENT_TYPE", "MIN_YEARS_EXPERIENCE", "MAX_YEARS_EXPERIENCE", "SALARY", "REMOTE_TYPE",
    "SALARY_TO", "SALARY_FROM", "COUNTY", "MSA", "STATE", "COUNTY_OUTGOING", "COUNTY_INCOMING",
    "MSA_OUTGOING", "MSA_INCOMING", "NAICS2", "NAICS3", "NAICS4", "NAICS5", "NAICS6",
    "LOT_CAREER_AREA", "LOT_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION", "LOT_OCCUPATION_GROUP",
    "LOT_V6_SPECIALIZED_OCCUPATION", "LOT_V6_OCCUPATION", "LOT_V6_OCCUPATION_GROUP",
    "LOT_V6_CAREER_AREA", "NAICS_2022_2", "NAICS_2022_3", "NAICS_2022_4", "NAICS_2022_5",
    "NAICS_2022_6",
}  # fmt: skip
_BOOL_COLS = {"COMPANY_IS_STAFFING", "IS_INTERNSHIP"}
_DATE_COLS = {"LAST_UPDATED_DATE", "POSTED", "EXPIRED", "MODELED_EXPIRED"}
_TS_COLS = {"LAST_UPDATED_TIMESTAMP"}
_LIST_INT_COLS = {"EDUCATION_LEVELS", "LIGHTCAST_SECTORS"}
_LIST_STR_COLS = {
    "SOURCE_TYPES", "SOURCES", "URL", "ACTIVE_URLS", "ACTIVE_SOURCES_INFO",
    "EDUCATION_LEVELS_NAME", "SKILLS", "SKILLS_NAME", "SPECIALIZED_SKILLS",
    "SPECIALIZED_SKILLS_NAME", "CERTIFICATIONS", "CERTIFICATIONS_NAME", "COMMON_SKILLS",
    "COMMON_SKILLS_NAME", "SOFTWARE_SKILLS", "SOFTWARE_SKILLS_NAME", "CIP6", "CIP6_NAME",
    "CIP4", "CIP4_NAME", "CIP2", "CIP2_NAME", "LIGHTCAST_SECTORS_NAME",
}  # fmt: skip
LIST_COLUMNS = frozenset(_LIST_INT_COLS | _LIST_STR_COLS)


def _kind(col: str) -> str:
    for kind, cols in (("int", _INT_COLS), ("bool", _BOOL_COLS), ("date", _DATE_COLS),
                       ("ts", _TS_COLS), ("lint", _LIST_INT_COLS), ("lstr", _LIST_STR_COLS)):
        if col in cols:
            return kind
    return "str"


_COL_KIND = {c: _kind(c) for c in HEADER}

# ============================================================================ files

POSTINGS_FILES = (
    "LC_2025_base.csv",
    "LC_2025_base_part2.csv.gz",
    "lc_delta_lower.csv",
    "lightcast_delta_json.parquet",
    "lightcast_delta_lists.parquet",
    "lightcast_real_sample.csv",
    "lightcast_updates.csv",
)
#: dialect of each postings file (same order as POSTINGS_FILES, which is byte order); `real`:
#: the columns, column order and cells of a real sample export (samples/quirks.py)
_DIALECT = ("csv", "csv", "pipe", "pq_json", "pq_list", "real", "csv")
#: share of new postings per file
_FILE_WEIGHTS = (0.78, 0.10, 0.035, 0.025, 0.025, 0.02, 0.015)
#: columns left out of, and unknown columns added to, the lower-case variant
DROPPED_IN_LOWER = ("ACTIVE_SOURCES_INFO", "MODELED_DURATION", "LOT_V6_CAREER_AREA_NAME")
EXTRA_IN_LOWER = ("scrape_batch", "posting_language")
SKILLS_FILES = ("skills_taxonomy.json", "skills_taxonomy_extra.csv")
EMPLOYMENT_FILE = "occupation_employment.csv"
FIRST_EMPLOYMENT_YEAR = 2016

R_ID = "ID is empty"
R_POSTED = "POSTED is not a date"
R_EXPIRED = "EXPIRED is not a date"
R_EXPIRED_BEFORE = "EXPIRED is before POSTED"
R_STATE = "STATE is not a state FIPS code"
R_SALARY = "SALARY is not a plain number above 0 and below 5,000,000"
R_YEARS = "MIN_YEARS_EXPERIENCE is not a whole number from 0 to 60"
R_EDUCATION = "EDUCATION_LEVELS is not a list of codes 0-4 or 99"
R_SKILLS = "SKILLS is not a list of strings"
R_SKILLS_NAME = "SKILLS_NAME is not a list of the same length as SKILLS"
REASONS = (R_ID, R_POSTED, R_EXPIRED, R_EXPIRED_BEFORE, R_STATE, R_SALARY, R_YEARS,
           R_EDUCATION, R_SKILLS, R_SKILLS_NAME)  # fmt: skip

# ============================================================================ geography

# fips, USPS, name, population (millions), wage level, tech-job index
STATES = [
    (1, "AL", "Alabama", 5.11, 0.89, 0.70), (2, "AK", "Alaska", 0.73, 1.06, 0.50),
    (4, "AZ", "Arizona", 7.43, 0.98, 0.95), (5, "AR", "Arkansas", 3.07, 0.87, 0.60),
    (6, "CA", "California", 38.97, 1.18, 1.90), (8, "CO", "Colorado", 5.88, 1.06, 1.30),
    (9, "CT", "Connecticut", 3.62, 1.08, 1.00), (10, "DE", "Delaware", 1.03, 1.00, 0.90),
    (11, "DC", "District of Columbia", 0.68, 1.22, 1.80),
    (12, "FL", "Florida", 22.61, 0.95, 0.85), (13, "GA", "Georgia", 11.03, 0.97, 1.05),
    (15, "HI", "Hawaii", 1.44, 1.08, 0.50), (16, "ID", "Idaho", 1.96, 0.93, 0.70),
    (17, "IL", "Illinois", 12.55, 1.04, 1.00), (18, "IN", "Indiana", 6.86, 0.92, 0.70),
    (19, "IA", "Iowa", 3.21, 0.92, 0.70), (20, "KS", "Kansas", 2.94, 0.91, 0.70),
    (21, "KY", "Kentucky", 4.53, 0.90, 0.60), (22, "LA", "Louisiana", 4.57, 0.90, 0.55),
    (23, "ME", "Maine", 1.40, 0.95, 0.55), (24, "MD", "Maryland", 6.18, 1.10, 1.25),
    (25, "MA", "Massachusetts", 7.00, 1.17, 1.60), (26, "MI", "Michigan", 10.04, 0.96, 0.85),
    (27, "MN", "Minnesota", 5.74, 1.02, 1.00), (28, "MS", "Mississippi", 2.94, 0.85, 0.45),
    (29, "MO", "Missouri", 6.20, 0.92, 0.80), (30, "MT", "Montana", 1.13, 0.91, 0.50),
    (31, "NE", "Nebraska", 1.98, 0.93, 0.75), (32, "NV", "Nevada", 3.19, 0.98, 0.70),
    (33, "NH", "New Hampshire", 1.40, 1.02, 0.90), (34, "NJ", "New Jersey", 9.29, 1.12, 1.15),
    (35, "NM", "New Mexico", 2.11, 0.92, 0.60), (36, "NY", "New York", 19.57, 1.15, 1.25),
    (37, "NC", "North Carolina", 10.84, 0.96, 1.10),
    (38, "ND", "North Dakota", 0.78, 0.95, 0.50), (39, "OH", "Ohio", 11.79, 0.94, 0.85),
    (40, "OK", "Oklahoma", 4.05, 0.89, 0.60), (41, "OR", "Oregon", 4.23, 1.04, 1.05),
    (42, "PA", "Pennsylvania", 12.96, 0.98, 0.90), (44, "RI", "Rhode Island", 1.10, 1.02, 0.70),
    (45, "SC", "South Carolina", 5.37, 0.91, 0.65),
    (46, "SD", "South Dakota", 0.92, 0.88, 0.50), (47, "TN", "Tennessee", 7.13, 0.93, 0.75),
    (48, "TX", "Texas", 30.50, 0.98, 1.15), (49, "UT", "Utah", 3.42, 0.99, 1.20),
    (50, "VT", "Vermont", 0.65, 0.97, 0.55), (51, "VA", "Virginia", 8.72, 1.05, 1.40),
    (53, "WA", "Washington", 7.81, 1.15, 2.00), (54, "WV", "West Virginia", 1.77, 0.87, 0.45),
    (55, "WI", "Wisconsin", 5.91, 0.95, 0.80), (56, "WY", "Wyoming", 0.58, 0.94, 0.45),
]
# fips, USPS, name, share of postings, wage level
TERRITORIES = [(72, "PR", "Puerto Rico", 0.0016, 0.80), (66, "GU", "Guam", 0.0004, 0.90)]
#: states with salary-transparency laws: salaries are posted more often there
_PAY_TRANSPARENT = {"CA", "CO", "WA", "NY", "MD", "IL", "CT", "NV", "RI"}

_CITY_TEXT = """
AL|Birmingham|1073|Jefferson|13820|Birmingham-Hoover, AL|33.5186|-86.8104|.6
AL|Huntsville|1089|Madison|26620|Huntsville, AL|34.7304|-86.5861|.4
AK|Anchorage|2020|Anchorage|11260|Anchorage, AK|61.2181|-149.9003|1
AZ|Phoenix|4013|Maricopa|38060|Phoenix-Mesa-Chandler, AZ|33.4484|-112.0740|.75
AZ|Tucson|4019|Pima|46060|Tucson, AZ|32.2226|-110.9747|.25
AR|Little Rock|5119|Pulaski|30780|Little Rock-North Little Rock-Conway, AR|34.7465|-92.2896|.7
AR|El Dorado|5139|Union|20980|El Dorado, AR|33.2076|-92.6663|.3
CA|Los Angeles|6037|Los Angeles|31080|Los Angeles-Long Beach-Anaheim, CA|34.0522|-118.2437|.35
CA|San Francisco|6075|San Francisco|41860|San Francisco-Oakland-Berkeley, CA|37.7749|-122.4194|.25
CA|San Jose|6085|Santa Clara|41940|San Jose-Sunnyvale-Santa Clara, CA|37.3382|-121.8863|.2
CA|San Diego|6073|San Diego|41740|San Diego-Chula Vista-Carlsbad, CA|32.7157|-117.1611|.12
CA|Sacramento|6067|Sacramento|40900|Sacramento-Roseville-Folsom, CA|38.5816|-121.4944|.08
CO|Denver|8031|Denver|19740|Denver-Aurora-Lakewood, CO|39.7392|-104.9903|.8
CO|Colorado Springs|8041|El Paso|17820|Colorado Springs, CO|38.8339|-104.8214|.2
CT|Hartford|9003|Hartford|25540|Hartford-East Hartford-Middletown, CT|41.7658|-72.6734|.6
CT|Stamford|9001|Fairfield|14860|Bridgeport-Stamford-Norwalk, CT|41.0534|-73.5387|.4
DE|Wilmington|10003|New Castle|37980|Philadelphia-Camden-Wilmington, PA-NJ-DE-MD|39.7391|-75.5398|1
DC|Washington|11001|District of Columbia|47900|Washington-Arlington-Alexandria, DC-VA-MD-WV|38.9072|-77.0369|1
FL|Miami|12086|Miami-Dade|33100|Miami-Fort Lauderdale-Pompano Beach, FL|25.7617|-80.1918|.35
FL|Orlando|12095|Orange|36740|Orlando-Kissimmee-Sanford, FL|28.5383|-81.3792|.25
FL|Tampa|12057|Hillsborough|45300|Tampa-St. Petersburg-Clearwater, FL|27.9506|-82.4572|.25
FL|Jacksonville|12031|Duval|27260|Jacksonville, FL|30.3322|-81.6557|.15
GA|Atlanta|13121|Fulton|12060|Atlanta-Sandy Springs-Alpharetta, GA|33.7490|-84.3880|.8
GA|Savannah|13051|Chatham|42340|Savannah, GA|32.0809|-81.0912|.2
HI|Honolulu|15003|Honolulu|46520|Urban Honolulu, HI|21.3069|-157.8583|1
ID|Boise|16001|Ada|14260|Boise City, ID|43.6150|-116.2023|1
IL|Chicago|17031|Cook|16980|Chicago-Naperville-Elgin, IL-IN-WI|41.8781|-87.6298|.85
IL|Springfield|17167|Sangamon|44100|Springfield, IL|39.7817|-89.6501|.15
IN|Indianapolis|18097|Marion|26900|Indianapolis-Carmel-Anderson, IN|39.7684|-86.1581|.75
IN|Fort Wayne|18003|Allen|23060|Fort Wayne, IN|41.0793|-85.1394|.25
IA|Des Moines|19153|Polk|19780|Des Moines-West Des Moines, IA|41.5868|-93.6250|.7
IA|Cedar Rapids|19113|Linn|16300|Cedar Rapids, IA|41.9779|-91.6656|.3
KS|Wichita|20173|Sedgwick|48620|Wichita, KS|37.6872|-97.3301|.55
KS|Overland Park|20091|Johnson|28140|Kansas City, MO-KS|38.9822|-94.6708|.45
KY|Louisville|21111|Jefferson|31140|Louisville/Jefferson County, KY-IN|38.2527|-85.7585|.65
KY|Lexington|21067|Fayette|30460|Lexington-Fayette, KY|38.0406|-84.5037|.35
LA|New Orleans|22071|Orleans|35380|New Orleans-Metairie, LA|29.9511|-90.0715|.55
LA|Baton Rouge|22033|East Baton Rouge|12940|Baton Rouge, LA|30.4515|-91.1871|.45
ME|Portland|23005|Cumberland|38860|Portland-South Portland, ME|43.6591|-70.2568|1
MD|Baltimore|24510|Baltimore City|12580|Baltimore-Columbia-Towson, MD|39.2904|-76.6122|.6
MD|Bethesda|24031|Montgomery|47900|Washington-Arlington-Alexandria, DC-VA-MD-WV|38.9807|-77.1003|.4
MA|Boston|25025|Suffolk|14460|Boston-Cambridge-Newton, MA-NH|42.3601|-71.0589|.6
MA|Cambridge|25017|Middlesex|14460|Boston-Cambridge-Newton, MA-NH|42.3736|-71.1097|.3
MA|Worcester|25027|Worcester|49340|Worcester, MA-CT|42.2626|-71.8023|.1
MI|Detroit|26163|Wayne|19820|Detroit-Warren-Dearborn, MI|42.3314|-83.0458|.55
MI|Grand Rapids|26081|Kent|24340|Grand Rapids-Kentwood, MI|42.9634|-85.6681|.25
MI|Ann Arbor|26161|Washtenaw|11460|Ann Arbor, MI|42.2808|-83.7430|.2
MN|Minneapolis|27053|Hennepin|33460|Minneapolis-St. Paul-Bloomington, MN-WI|44.9778|-93.2650|.8
MN|Rochester|27109|Olmsted|40340|Rochester, MN|44.0121|-92.4802|.2
MS|Jackson|28049|Hinds|27140|Jackson, MS|32.2988|-90.1848|1
MO|St. Louis|29510|St. Louis City|41180|St. Louis, MO-IL|38.6270|-90.1994|.55
MO|Kansas City|29095|Jackson|28140|Kansas City, MO-KS|39.0997|-94.5786|.45
MT|Billings|30111|Yellowstone|13740|Billings, MT|45.7833|-108.5007|.6
MT|Missoula|30063|Missoula|33540|Missoula, MT|46.8721|-113.9940|.4
NE|Omaha|31055|Douglas|36540|Omaha-Council Bluffs, NE-IA|41.2565|-95.9345|.7
NE|Lincoln|31109|Lancaster|30700|Lincoln, NE|40.8136|-96.7026|.3
NV|Las Vegas|32003|Clark|29820|Las Vegas-Henderson-Paradise, NV|36.1699|-115.1398|.75
NV|Reno|32031|Washoe|39900|Reno, NV|39.5296|-119.8138|.25
NH|Manchester|33011|Hillsborough|31700|Manchester-Nashua, NH|42.9956|-71.4548|1
NJ|Newark|34013|Essex|35620|New York-Newark-Jersey City, NY-NJ-PA|40.7357|-74.1724|.5
NJ|Jersey City|34017|Hudson|35620|New York-Newark-Jersey City, NY-NJ-PA|40.7178|-74.0431|.3
NJ|Princeton|34021|Mercer|45940|Trenton-Princeton, NJ|40.3573|-74.6672|.2
NM|Albuquerque|35001|Bernalillo|10740|Albuquerque, NM|35.0844|-106.6504|1
NY|New York|36061|New York|35620|New York-Newark-Jersey City, NY-NJ-PA|40.7128|-74.0060|.55
NY|Brooklyn|36047|Kings|35620|New York-Newark-Jersey City, NY-NJ-PA|40.6782|-73.9442|.15
NY|Buffalo|36029|Erie|15380|Buffalo-Cheektowaga, NY|42.8864|-78.8784|.15
NY|Rochester|36055|Monroe|40380|Rochester, NY|43.1566|-77.6088|.15
NC|Raleigh|37183|Wake|39580|Raleigh-Cary, NC|35.7796|-78.6382|.4
NC|Charlotte|37119|Mecklenburg|16740|Charlotte-Concord-Gastonia, NC-SC|35.2271|-80.8431|.45
NC|Durham|37063|Durham|20500|Durham-Chapel Hill, NC|35.9940|-78.8986|.15
ND|Fargo|38017|Cass|22020|Fargo, ND-MN|46.8772|-96.7898|1
OH|Columbus|39049|Franklin|18140|Columbus, OH|39.9612|-82.9988|.4
OH|Cleveland|39035|Cuyahoga|17460|Cleveland-Elyria, OH|41.4993|-81.6944|.35
OH|Cincinnati|39061|Hamilton|17140|Cincinnati, OH-KY-IN|39.1031|-84.5120|.25
OK|Oklahoma City|40109|Oklahoma|36420|Oklahoma City, OK|35.4676|-97.5164|.6
OK|Tulsa|40143|Tulsa|46140|Tulsa, OK|36.1540|-95.9928|.4
OR|Portland|41051|Multnomah|38900|Portland-Vancouver-Hillsboro, OR-WA|45.5152|-122.6784|.8
OR|Eugene|41039|Lane|21660|Eugene-Springfield, OR|44.0521|-123.0868|.2
PA|Philadelphia|42101|Philadelphia|37980|Philadelphia-Camden-Wilmington, PA-NJ-DE-MD|39.9526|-75.1652|.55
PA|Pittsburgh|42003|Allegheny|38300|Pittsburgh, PA|40.4406|-79.9959|.45
RI|Providence|44007|Providence|39300|Providence-Warwick, RI-MA|41.8240|-71.4128|1
SC|Columbia|45079|Richland|17900|Columbia, SC|34.0007|-81.0348|.5
SC|Charleston|45019|Charleston|16700|Charleston-North Charleston, SC|32.7765|-79.9311|.5
SD|Sioux Falls|46099|Minnehaha|43620|Sioux Falls, SD|43.5446|-96.7311|1
TN|Nashville|47037|Davidson|34980|Nashville-Davidson--Murfreesboro--Franklin, TN|36.1627|-86.7816|.55
TN|Memphis|47157|Shelby|32820|Memphis, TN-MS-AR|35.1495|-90.0490|.25
TN|Knoxville|47093|Knox|28940|Knoxville, TN|35.9606|-83.9207|.2
TX|Houston|48201|Harris|26420|Houston-The Woodlands-Sugar Land, TX|29.7604|-95.3698|.33
TX|Dallas|48113|Dallas|19100|Dallas-Fort Worth-Arlington, TX|32.7767|-96.7970|.33
TX|Austin|48453|Travis|12420|Austin-Round Rock-Georgetown, TX|30.2672|-97.7431|.2
TX|San Antonio|48029|Bexar|41700|San Antonio-New Braunfels, TX|29.4241|-98.4936|.14
UT|Salt Lake City|49035|Salt Lake|41620|Salt Lake City, UT|40.7608|-111.8910|.75
UT|Provo|49049|Utah|39340|Provo-Orem, UT|40.2338|-111.6585|.25
VT|Burlington|50007|Chittenden|15540|Burlington-South Burlington, VT|44.4759|-73.2121|1
VA|Arlington|51013|Arlington|47900|Washington-Arlington-Alexandria, DC-VA-MD-WV|38.8816|-77.0910|.35
VA|Richmond|51760|Richmond City|40060|Richmond, VA|37.5407|-77.4360|.35
VA|Virginia Beach|51810|Virginia Beach City|47260|Virginia Beach-Norfolk-Newport News, VA-NC|36.8529|-75.9780|.3
WA|Seattle|53033|King|42660|Seattle-Tacoma-Bellevue, WA|47.6062|-122.3321|.65
WA|Redmond|53033|King|42660|Seattle-Tacoma-Bellevue, WA|47.6740|-122.1215|.2
WA|Spokane|53063|Spokane|44060|Spokane-Spokane Valley, WA|47.6588|-117.4260|.15
WV|Charleston|54039|Kanawha|16620|Charleston, WV|38.3498|-81.6326|1
WI|Milwaukee|55079|Milwaukee|33340|Milwaukee-Waukesha, WI|43.0389|-87.9065|.6
WI|Madison|55025|Dane|31540|Madison, WI|43.0731|-89.4012|.4
WY|Cheyenne|56021|Laramie|16940|Cheyenne, WY|41.1400|-104.8202|1
PR|San Juan|72127|San Juan|41980|San Juan-Bayamón-Caguas, PR|18.4655|-66.1057|1
GU|Hagåtña|66010|Guam|||13.4757|144.7489|1
"""  # noqa: E501


@dataclass(frozen=True)
class City:
    state: int  # index into _STATE_ROWS
    name: str  # "Raleigh, NC"
    county: int
    county_name: str
    msa: int | None
    msa_name: str | None
    location: str  # pretty-printed JSON object
    weight: float


# fips, USPS, name, wage level, tech index, population weight
_STATE_ROWS = [(f, a, n, w, t, p) for f, a, n, p, w, t in STATES] + [
    (f, a, n, w, 0.3, s) for f, a, n, s, w in TERRITORIES
]
_STATE_INDEX = {row[1]: i for i, row in enumerate(_STATE_ROWS)}


def _parse_cities() -> list[City]:
    cities = []
    for line in _CITY_TEXT.strip().splitlines():
        abbr, city, county, county_name, msa, msa_name, lat, lon, weight = line.split("|")
        location = f'{{\n  "lat": {lat.rstrip("0")},\n  "lon": {lon.rstrip("0")}\n}}'
        cities.append(City(
            _STATE_INDEX[abbr], f"{city}, {abbr}", int(county), f"{county_name}, {abbr}",
            int(msa) if msa else None, msa_name or None, location, float(weight),
        ))  # fmt: skip
    return cities


CITIES = _parse_cities()

# ============================================================================ skills

_CATEGORY_IDS = {
    "Administration": 1, "Analysis": 2, "Architecture and Construction": 3, "Business": 4,
    "Communication": 5, "Customer and Client Support": 6, "Energy and Utilities": 8,
    "Engineering": 9, "Finance": 11, "Health Care": 12, "Information Technology": 17,
    "Law, Regulation, and Compliance": 18, "Manufacturing and Production": 19,
    "Personal Attributes": 22, "Physical and Inherent Abilities": 23, "Sales": 27,
    "Security and Emergency Services": 29, "Transportation, Supply Chain, and Logistics": 31,
}  # fmt: skip
_TYPES = {"S": ("ST1", "Specialized Skill"), "C": ("ST2", "Common Skill"),
          "T": ("ST3", "Certification")}  # fmt: skip

# name | type (S/C/T) | category | subcategory | flags: s software, l language,
# E legacy ES id, B legacy BGS id, M in postings but missing from the taxonomy files
_SKILL_TEXT = """
Python (Programming Language)|S|Information Technology|Programming Languages|s
R (Programming Language)|S|Information Technology|Programming Languages|s
SQL (Programming Language)|S|Information Technology|Query Languages|s
Java (Programming Language)|S|Information Technology|Programming Languages|s
JavaScript (Programming Language)|S|Information Technology|Programming Languages|s
TypeScript|S|Information Technology|Programming Languages|s
C++ (Programming Language)|S|Information Technology|Programming Languages|s
C# (Programming Language)|S|Information Technology|Programming Languages|s
Go (Programming Language)|S|Information Technology|Programming Languages|s
Bash (Scripting Language)|S|Information Technology|Scripting Languages|s
Machine Learning|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Deep Learning|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Natural Language Processing (NLP)|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Computer Vision|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Large Language Modeling|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Generative Artificial Intelligence|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Reinforcement Learning|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
Feature Engineering|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
MLOps (Machine Learning Operations)|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|
TensorFlow|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|s
PyTorch (Machine Learning Library)|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|s
Scikit-Learn (Python Package)|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|s
OpenCV|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|s
Retrieval Augmented Generation|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|M
LangChain|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|sM
Prompt Engineering|S|Information Technology|Artificial Intelligence and Machine Learning (AI/ML)|M
Amazon Web Services|S|Information Technology|Cloud Computing|s
Microsoft Azure|S|Information Technology|Cloud Computing|s
Google Cloud Platform (GCP)|S|Information Technology|Cloud Computing|s
Cloud Computing|S|Information Technology|Cloud Computing|
Kubernetes|S|Information Technology|Cloud Computing|s
Terraform|S|Information Technology|Cloud Computing|s
Docker (Software)|S|Information Technology|Software Development Tools|s
Linux|S|Information Technology|Operating Systems|s
Apache Spark|S|Information Technology|Big Data|s
Apache Hadoop|S|Information Technology|Big Data|s
Big Data|S|Information Technology|Big Data|
Data Pipelines|S|Information Technology|Data Management|
Data Warehousing|S|Information Technology|Data Management|
Extract Transform Load (ETL)|S|Information Technology|Data Management|
Snowflake (Data Warehouse)|S|Information Technology|Data Management|s
Data Modeling|S|Information Technology|Data Management|
Data Quality|S|Information Technology|Data Management|
PostgreSQL|S|Information Technology|Databases|s
MySQL|S|Information Technology|Databases|s
NoSQL|S|Information Technology|Databases|
Software Engineering|S|Information Technology|Software Development|
Software Development|S|Information Technology|Software Development|
Agile Methodology|S|Information Technology|Software Development|
Scrum (Software Development)|S|Information Technology|Software Development|
Git (Version Control System)|S|Information Technology|Software Development Tools|s
CI/CD|S|Information Technology|Software Development|
RESTful API|S|Information Technology|Software Development|
Application Programming Interface (API)|S|Information Technology|Software Development|
Microservices|S|Information Technology|Software Development|
Unit Testing|S|Information Technology|Software Quality Assurance|
Debugging|S|Information Technology|Software Development|
Object-Oriented Programming (OOP)|S|Information Technology|Software Development|
System Design|S|Information Technology|Software Development|
DevOps|S|Information Technology|Software Development|
Full Stack Development|S|Information Technology|Web Design and Development|
Jira|S|Information Technology|Project Management Software|s
Spring Boot|S|Information Technology|Web Design and Development|s
.NET Framework|S|Information Technology|Web Design and Development|s
React.js|S|Information Technology|Web Design and Development|s
Node.js|S|Information Technology|Web Design and Development|s
Angular (Web Framework)|S|Information Technology|Web Design and Development|s
HTML|S|Information Technology|Web Design and Development|
Cascading Style Sheets (CSS)|S|Information Technology|Web Design and Development|
Computer Science|S|Information Technology|Computer Science|
Cybersecurity|S|Information Technology|Cybersecurity|
SAP Applications|S|Information Technology|Enterprise Application Management|s
Oracle E-Business Suite|S|Information Technology|Enterprise Application Management|s
Data Analysis|S|Analysis|Data Analysis|
Data Science|S|Analysis|Data Science|
Statistics|S|Analysis|Statistics|
Predictive Modeling|S|Analysis|Data Science|
A/B Testing|S|Analysis|Statistics|
Data Visualization|S|Analysis|Data Visualization|
Dashboard|S|Analysis|Data Visualization|
Business Intelligence|S|Analysis|Business Intelligence|
Tableau (Business Intelligence Software)|S|Analysis|Business Intelligence|s
Power BI|S|Analysis|Business Intelligence|s
Looker (Software)|S|Analysis|Business Intelligence|s
Nursing|S|Health Care|Nursing and Patient Care|
Patient Care|S|Health Care|Nursing and Patient Care|
Acute Care|S|Health Care|Nursing and Patient Care|
Intensive Care Unit|S|Health Care|Critical Care|
Critical Care Nursing|S|Health Care|Critical Care|
Mechanical Ventilation|S|Health Care|Critical Care|
Hemodynamics|S|Health Care|Critical Care|
Telemetry|S|Health Care|Critical Care|
Emergency Departments|S|Health Care|Emergency Medicine|
Medical-Surgical Nursing|S|Health Care|Nursing and Patient Care|
Medication Administration|S|Health Care|Nursing and Patient Care|
Vital Signs|S|Health Care|Nursing and Patient Care|B
Patient Assessment|S|Health Care|Nursing and Patient Care|
Patient Education|S|Health Care|Nursing and Patient Care|
Discharge Planning|S|Health Care|Nursing and Patient Care|
Nursing Care Plan|S|Health Care|Nursing and Patient Care|
Infection Control|S|Health Care|Medical Support|
Wound Care|S|Health Care|Nursing and Patient Care|
Home Health Care|S|Health Care|Home and Community Care|
Hospice Care|S|Health Care|Home and Community Care|
Case Management|S|Health Care|Home and Community Care|
Bachelor Of Science In Nursing (BSN)|S|Health Care|Nursing and Patient Care|
Electronic Medical Record (EMR)|S|Health Care|Health Information|
Epic EMR|S|Health Care|Health Information|s
Basic Life Support (BLS)|T|Health Care|Emergency Medicine|
Advanced Cardiovascular Life Support (ACLS)|T|Health Care|Emergency Medicine|
Pediatric Advanced Life Support (PALS)|T|Health Care|Emergency Medicine|
Registered Nurse (RN)|T|Health Care|Nursing and Patient Care|
Critical Care Registered Nurse (CCRN)|T|Health Care|Critical Care|
Wound Care Certified (WCC)|T|Health Care|Nursing and Patient Care|M
Accounting|S|Finance|Accounting|
Generally Accepted Accounting Principles (GAAP)|S|Finance|Accounting|
Financial Statements|S|Finance|Financial Reporting|
General Ledger|S|Finance|Accounting|
Journal Entries|S|Finance|Accounting|
Account Reconciliation|S|Finance|Accounting|
Accounts Payable|S|Finance|Accounting|
Accounts Receivable|S|Finance|Accounting|
Month-End Closing|S|Finance|Accounting|
Financial Reporting|S|Finance|Financial Reporting|
Financial Analysis|S|Finance|Financial Analysis|
Variance Analysis|S|Finance|Financial Analysis|
Cost Accounting|S|Finance|Accounting|
Fixed Assets|S|Finance|Accounting|
Payroll|S|Finance|Payroll|
Budgeting|S|Finance|Budget Management|
Forecasting|S|Finance|Financial Analysis|
Auditing|S|Finance|Auditing|
Internal Controls|S|Finance|Auditing|
Sarbanes-Oxley Act (SOX)|S|Law, Regulation, and Compliance|Financial Regulations|
Tax Returns|S|Finance|Taxation|
Tax Law|S|Law, Regulation, and Compliance|Tax Law|
Tax Planning|S|Finance|Taxation|
QuickBooks (Accounting Software)|S|Finance|Accounting Software|s
Certified Public Accountant (CPA)|T|Finance|Accounting|
Certified Management Accountant (CMA)|T|Finance|Accounting|
Enrolled Agent|T|Finance|Taxation|
Certified Internal Auditor (CIA)|T|Finance|Auditing|
Electrical Wiring|S|Architecture and Construction|Electrical Work|
National Electrical Code|S|Law, Regulation, and Compliance|Building Codes|
Conduit Bending|S|Architecture and Construction|Electrical Work|E
Electrical Systems|S|Engineering|Electrical Engineering|
Electrical Panels|S|Architecture and Construction|Electrical Work|
Electrical Troubleshooting|S|Architecture and Construction|Electrical Work|
Lighting Systems|S|Architecture and Construction|Electrical Work|
Fire Alarm Systems|S|Security and Emergency Services|Fire Protection|
Low Voltage|S|Architecture and Construction|Electrical Work|
Motor Controls|S|Engineering|Electrical Engineering|E
Programmable Logic Controllers|S|Engineering|Automation Engineering|
Schematic Diagrams|S|Engineering|Engineering Design|
Wiring Diagram|S|Engineering|Engineering Design|
Blueprint Reading|S|Architecture and Construction|Construction|
Hand Tools|S|Manufacturing and Production|Tools and Equipment|
Power Tools|S|Manufacturing and Production|Tools and Equipment|
Preventive Maintenance|S|Manufacturing and Production|Maintenance|
Solar Energy Systems|S|Energy and Utilities|Renewable Energy|
Journeyman Electrician License|T|Architecture and Construction|Electrical Work|
Master Electrician License|T|Architecture and Construction|Electrical Work|
OSHA 10 Certification|T|Law, Regulation, and Compliance|Occupational Safety|
Valid Driver's License|T|Transportation, Supply Chain, and Logistics|Driving|
Project Management Professional Certification|T|Business|Project Management|
AWS Certified Solutions Architect|T|Information Technology|Cloud Computing|
Security Clearance|T|Security and Emergency Services|Security Clearances|
Communication|C|Communication|Communication|
Management|C|Business|Management|
Problem Solving|C|Personal Attributes|Problem Solving|
Leadership|C|Business|Leadership|
Detail Oriented|C|Personal Attributes|Work Habits|
Customer Service|C|Customer and Client Support|Customer Service|
Operations|C|Business|Operations|
Writing|C|Communication|Writing|
Teamwork|C|Personal Attributes|Collaboration|
Research|C|Business|Research|
Planning|C|Business|Planning|
Time Management|C|Personal Attributes|Work Habits|
Microsoft Office|C|Administration|Office Software|s
Microsoft Excel|C|Administration|Office Software|s
Microsoft Outlook|C|Administration|Office Software|s
Collaboration|C|Personal Attributes|Collaboration|
Interpersonal Communications|C|Communication|Communication|
Critical Thinking|C|Personal Attributes|Problem Solving|
Analytical Skills|C|Analysis|Analytical Thinking|
Presentations|C|Communication|Presentation|
Self-Motivation|C|Personal Attributes|Work Habits|
Multitasking|C|Personal Attributes|Work Habits|B
Mentorship|C|Business|Leadership|
Innovation|C|Business|Strategy|
Organizational Skills|C|Personal Attributes|Work Habits|
Verbal Communication Skills|C|Communication|Communication|
Written Communication|C|Communication|Writing|
Computer Literacy|C|Administration|Office Software|
English Language|C|Communication|Languages|l
Spanish Language|C|Communication|Languages|l
Sales|C|Sales|General Sales|
Scheduling|C|Administration|Scheduling|
Decision Making|C|Business|Management|
Prioritization|C|Personal Attributes|Work Habits|
Coordinating|C|Business|Operations|
Record Keeping|C|Administration|Records Management|
Professionalism|C|Personal Attributes|Work Habits|
Adaptability|C|Personal Attributes|Work Habits|
Data Entry|C|Administration|Clerical|
Accountability|C|Personal Attributes|Work Habits|
Influencing Skills|C|Communication|Communication|
Curiosity|C|Personal Attributes|Work Habits|
Lifting Ability|C|Physical and Inherent Abilities|Physical Abilities|
Billing|C|Finance|Billing and Invoicing|
Troubleshooting (Problem Solving)|C|Personal Attributes|Problem Solving|
"""  # noqa: E501

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _code(text: str, n: int, alphabet: str = _ALNUM) -> str:
    """n characters derived from a hash of text (stable across runs and platforms)."""
    value = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")
    out = []
    for _ in range(n):
        value, rest = divmod(value, len(alphabet))
        out.append(alphabet[rest])
    return "".join(out)


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    type: str  # S, C or T
    category: str
    subcategory: str
    software: bool
    language: bool
    in_taxonomy: bool


def _parse_skills() -> list[Skill]:
    skills = []
    for line in _SKILL_TEXT.strip().splitlines():
        name, kind, category, subcategory, flags = line.split("|")
        if "E" in flags:
            sid = "ES" + _code(name, 18)
        elif "B" in flags:
            sid = "BGS" + _code(name, 17)
        else:
            sid = "KS1" + _code(name, 17)
        skills.append(Skill(sid, name, kind, category, subcategory, "s" in flags,
                            "l" in flags, "M" not in flags))  # fmt: skip
    return skills


SKILLS = _parse_skills()
_SKILL_INDEX = {s.name: i for i, s in enumerate(SKILLS)}
_SUBCATEGORY_IDS: dict[str, int] = {}
for _s in SKILLS:
    _SUBCATEGORY_IDS.setdefault(_s.subcategory, 100 + 7 * len(_SUBCATEGORY_IDS))

# ============================================================================ occupations

EDUCATION_NAMES = {0: "High school or GED", 1: "Associate degree", 2: "Bachelor's degree",
                   3: "Master's degree", 4: "Ph.D. or professional degree",
                   99: "No Education Listed"}  # fmt: skip
CAREER_AREAS = {
    14: "Finance",
    19: "Construction, Installation, and Repair",
    23: "Information Technology and Computer Science",
    31: "Health Care including Nursing",
}
OCCUPATION_GROUPS = {
    1410: "Accounting and Auditing",
    1910: "Electrical Trades",
    2310: "Software Development and AI Engineering",
    2311: "Data Analysis and Mathematics",
    3110: "Nursing",
}
# code -> name, national jobs in FIRST_EMPLOYMENT_YEAR, yearly growth, tech-weighted geography
OCCUPATIONS = {
    141010: ("Accountant", 1_318_000, 0.006, False),
    191010: ("Electrician", 681_000, 0.016, False),
    231010: ("Artificial Intelligence Engineer", 9_800, 0.175, True),
    231020: ("Software Developer / Engineer", 1_182_000, 0.048, True),
    231110: ("Data Scientist", 64_000, 0.105, True),
    231113: ("Data / Data Mining Analyst", 311_000, 0.052, True),
    311010: ("Registered Nurse", 2_957_000, 0.016, False),
}
_CIP = {
    141010: [("52.0301", "Accounting"), ("52.0801", "Finance, General")],
    191010: [("46.0302", "Electrician")],
    231010: [("11.0701", "Computer Science"), ("14.0901", "Computer Engineering, General"),
             ("30.7001", "Data Science, General")],
    231020: [("11.0701", "Computer Science"),
             ("11.0201", "Computer Programming/Programmer, General"),
             ("14.0901", "Computer Engineering, General")],
    231110: [("30.7001", "Data Science, General"), ("27.0501", "Statistics, General"),
             ("11.0701", "Computer Science")],
    231113: [("30.7101", "Data Analytics, General"), ("52.1301", "Management Science"),
             ("27.0501", "Statistics, General")],
    311010: [("51.3801", "Registered Nursing/Registered Nurse")],
}  # fmt: skip
_CIP_NAMES = {
    "11.07": "Computer Science", "14.09": "Computer Engineering", "30.70": "Data Science",
    "11.02": "Computer Programming", "27.05": "Statistics", "30.71": "Data Analytics",
    "52.13": "Management Sciences and Quantitative Methods",
    "52.03": "Accounting and Related Services",
    "51.38": "Registered Nursing, Nursing Administration, Nursing Research and Clinical Nursing",
    "52.08": "Finance and Financial Management Services",
    "46.03": "Electrical and Power Transmission Installers",
    "11": "Computer and Information Sciences and Support Services", "14": "Engineering",
    "30": "Multi/Interdisciplinary Studies", "27": "Mathematics and Statistics",
    "52": "Business, Management, Marketing, and Related Support Services",
    "51": "Health Professions and Related Programs", "46": "Construction Trades",
}  # fmt: skip
SOC_NAMES = {
    "13-0000": "Business and Financial Operations Occupations",
    "13-2000": "Financial Specialists", "13-2010": "Accountants and Auditors",
    "13-2011": "Accountants and Auditors",
    "15-0000": "Computer and Mathematical Occupations", "15-1200": "Computer Occupations",
    "15-1220": "Computer and Information Research Scientists",
    "15-1221": "Computer and Information Research Scientists",
    "15-1250": "Software and Web Developers, Programmers, and Testers",
    "15-1252": "Software Developers", "15-1254": "Web Developers",
    "15-1290": "Miscellaneous Computer Occupations", "15-1299": "Computer Occupations, All Other",
    "15-2000": "Mathematical Science Occupations", "15-2050": "Data Scientists",
    "15-2051": "Data Scientists",
    "29-0000": "Healthcare Practitioners and Technical Occupations",
    "29-1100": "Health Diagnosing and Treating Practitioners",
    "29-1140": "Registered Nurses", "29-1141": "Registered Nurses",
    "47-0000": "Construction and Extraction Occupations",
    "47-2000": "Construction Trades Workers", "47-2110": "Electricians",
    "47-2111": "Electricians", "47-3000": "Helpers, Construction Trades",
    "47-3010": "Helpers, Construction Trades", "47-3013": "Helpers--Electricians",
    "49-0000": "Installation, Maintenance, and Repair Occupations",
    "49-2000": "Electrical and Electronic Equipment Mechanics, Installers, and Repairers",
    "49-2090": "Miscellaneous Electrical and Electronic Equipment Mechanics, Installers, "
               "and Repairers",
    "49-2094": "Electrical and Electronics Repairers, Commercial and Industrial Equipment",
}  # fmt: skip
ONET_NAMES = {
    "13-2011.00": "Accountants and Auditors",
    "15-1221.00": "Computer and Information Research Scientists",
    "15-1252.00": "Software Developers", "15-1254.00": "Web Developers",
    "15-1299.08": "Computer Systems Engineers/Architects", "15-2051.00": "Data Scientists",
    "15-2051.01": "Business Intelligence Analysts", "29-1141.00": "Registered Nurses",
    "29-1141.03": "Critical Care Nurses", "47-2111.00": "Electricians",
    "47-3013.00": "Helpers--Electricians",
    "49-2094.00": "Electrical and Electronics Repairers, Commercial and Industrial Equipment",
}  # fmt: skip

_COMMON = {
    "Communication": .42, "Management": .28, "Problem Solving": .22, "Leadership": .16,
    "Detail Oriented": .18, "Customer Service": .14, "Operations": .12, "Writing": .07,
    "Teamwork": .14, "Research": .08, "Planning": .11, "Time Management": .07,
    "Microsoft Office": .08, "Microsoft Excel": .07, "Collaboration": .14,
    "Interpersonal Communications": .09, "Critical Thinking": .08, "Analytical Skills": .09,
    "Presentations": .05, "Self-Motivation": .05, "Multitasking": .05, "Mentorship": .04,
    "Innovation": .05, "Organizational Skills": .06, "Verbal Communication Skills": .06,
    "Written Communication": .05, "Computer Literacy": .03, "English Language": .03,
    "Spanish Language": .02, "Sales": .03, "Scheduling": .04, "Decision Making": .05,
    "Prioritization": .05, "Microsoft Outlook": .02, "Coordinating": .05, "Record Keeping": .02,
    "Professionalism": .03, "Adaptability": .03, "Data Entry": .01, "Accountability": .03,
    "Influencing Skills": .02, "Curiosity": .02, "Lifting Ability": .01, "Billing": .01,
    "Troubleshooting (Problem Solving)": .04,
}  # fmt: skip
_COMMON_BY_FAMILY = {
    "tech": {"Problem Solving": .36, "Communication": .48, "Collaboration": .24,
             "Innovation": .10, "Mentorship": .08, "Troubleshooting (Problem Solving)": .12,
             "Customer Service": .05, "Research": .12, "Curiosity": .05},
    "health": {"Customer Service": .24, "Communication": .46, "Teamwork": .22,
               "Detail Oriented": .16, "Record Keeping": .07, "Lifting Ability": .09,
               "Spanish Language": .05, "Scheduling": .06, "Critical Thinking": .13,
               "Professionalism": .06, "Microsoft Excel": .01},
    "finance": {"Microsoft Excel": .48, "Detail Oriented": .32, "Analytical Skills": .20,
                "Microsoft Office": .16, "Record Keeping": .06, "Billing": .05,
                "Data Entry": .06, "Organizational Skills": .11, "Time Management": .10},
    "trades": {"Communication": .30, "Customer Service": .20, "Management": .12,
               "Troubleshooting (Problem Solving)": .48, "Teamwork": .16,
               "Lifting Ability": .18, "Detail Oriented": .10, "Leadership": .08,
               "Presentations": .01, "Writing": .02, "Research": .02, "Innovation": .02,
               "Microsoft Excel": .02},
}  # fmt: skip


@dataclass(frozen=True)
class Career:
    code: int  # LOT specialized occupation, 8 digits
    name: str
    family: str  # tech | health | finance | trades
    weight: float  # share of postings
    salary: float  # target mean advertised salary (national)
    soc: str
    onet: str
    titles: tuple[tuple[str, float], ...]
    raw_titles: tuple[str, ...]  # singular raw forms, parallel to titles
    education: tuple[tuple[tuple[int, ...], float], ...]
    experience: float  # mean MIN_YEARS_EXPERIENCE
    employers: dict[str, float]  # employer sector -> share
    skills: dict[str, float]  # skill name -> share of postings
    premium: dict[str, float]  # skill name -> log salary premium
    hourly: float = 0.05  # share of salaried ads paid by the hour
    remote: float = 0.0  # share fully or partly remote

    @property
    def occupation(self) -> int:
        return self.code // 100


def _titles(*pairs: tuple[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(pairs)


def _singular(title: str) -> str:
    head, sep, tail = title.partition(" - ")
    words = head.split(" ")
    if words[-1].endswith("s"):
        words[-1] = words[-1][:-1]
    return " ".join(words) + sep + tail


_TECH_EMP = {"tech": .66, "staffing_tech": .16, "finance": .06, "general": .08, "health": .04}
_DATA_EMP = {"tech": .32, "finance": .16, "health": .12, "general": .22, "staffing_tech": .10,
             "staffing_general": .08}  # fmt: skip
_NURSE_EMP = {"health": .80, "staffing_health": .17, "general": .03}
_ACCT_EMP = {"finance": .60, "general": .20, "staffing_general": .14, "tech": .04, "health": .02}
_TRADE_EMP = {"trades": .76, "staffing_general": .12, "general": .09, "health": .03}
_AI_EDU = (((2,), .25), ((2, 3), .35), ((2, 3, 4), .25), ((3, 4), .10), ((3,), .05))
_SW_EDU = (((2,), .60), ((2, 3), .25), ((1, 2), .10), ((0, 2), .05))
_DS_EDU = (((2, 3), .35), ((2, 3, 4), .30), ((3, 4), .15), ((2,), .15), ((3,), .05))
_DA_EDU = (((2,), .60), ((2, 3), .30), ((1, 2), .10))
_RN_EDU = (((1, 2), .50), ((2,), .30), ((1,), .15), ((2, 3), .05))
_ACCT_EDU = (((2,), .60), ((2, 3), .30), ((1, 2), .10))
_ELEC_EDU = (((0,), .65), ((0, 1), .30), ((1,), .05))

_ML_CORE = {
    "Python (Programming Language)": .70, "Machine Learning": .85, "Deep Learning": .45,
    "TensorFlow": .35, "PyTorch (Machine Learning Library)": .40,
    "Natural Language Processing (NLP)": .25, "Computer Vision": .18,
    "Large Language Modeling": .22, "Generative Artificial Intelligence": .20,
    "MLOps (Machine Learning Operations)": .25, "Scikit-Learn (Python Package)": .15,
    "Amazon Web Services": .35, "Microsoft Azure": .15, "Google Cloud Platform (GCP)": .15,
    "Kubernetes": .22, "Docker (Software)": .25, "Apache Spark": .20,
    "SQL (Programming Language)": .30, "Data Science": .30, "Statistics": .12,
    "Computer Science": .40, "Software Engineering": .35, "Java (Programming Language)": .10,
    "C++ (Programming Language)": .12, "Git (Version Control System)": .12, "CI/CD": .12,
    "Feature Engineering": .10, "Data Pipelines": .12, "Reinforcement Learning": .05,
    "Retrieval Augmented Generation": .06, "LangChain": .05, "Prompt Engineering": .05,
    "AWS Certified Solutions Architect": .02, "Security Clearance": .02,
}  # fmt: skip
_SW_CORE = {
    "Java (Programming Language)": .35, "JavaScript (Programming Language)": .35,
    "Python (Programming Language)": .30, "C# (Programming Language)": .20,
    "C++ (Programming Language)": .12, "Go (Programming Language)": .08, "TypeScript": .15,
    "SQL (Programming Language)": .30, "Software Engineering": .50,
    "Software Development": .45, "Agile Methodology": .35, "Scrum (Software Development)": .15,
    "Git (Version Control System)": .25, "CI/CD": .20, "RESTful API": .20,
    "Microservices": .18, "Amazon Web Services": .30, "Microsoft Azure": .15, "Linux": .15,
    "Unit Testing": .15, "Debugging": .15, "Object-Oriented Programming (OOP)": .12,
    "Computer Science": .45, "Jira": .08, "Docker (Software)": .12, "Kubernetes": .10,
    "Spring Boot": .08, ".NET Framework": .10, "System Design": .08,
    "Application Programming Interface (API)": .15, "Security Clearance": .03,
}  # fmt: skip


def _with(base: dict[str, float], **changes: float) -> dict[str, float]:
    out = dict(base)
    out.update({_ALIASES.get(k, k): v for k, v in changes.items()})
    return out


_ALIASES = {"python": "Python (Programming Language)", "cpp": "C++ (Programming Language)",
            "java": "Java (Programming Language)", "sql": "SQL (Programming Language)",
            "js": "JavaScript (Programming Language)", "go": "Go (Programming Language)"}

CAREERS: list[Career] = [
    Career(
        23101011, "Machine Learning Engineer", "tech", .040, 150_000, "15-1221", "15-1221.00",
        _titles(("Machine Learning Engineers", .55), ("AI/ML Engineers", .13),
                ("Artificial Intelligence Engineers", .12), ("MLOps Engineers", .07),
                ("Machine Learning Software Engineers", .08),
                ("Applied Machine Learning Engineers", .05)),
        (), _AI_EDU, 4.5, _TECH_EMP, _ML_CORE,
        {"Deep Learning": .10, "Large Language Modeling": .12, "Kubernetes": .07},
        remote=.30,
    ),
    Career(
        23101012, "Computer Vision Engineer", "tech", .015, 148_000, "15-1221", "15-1221.00",
        _titles(("Computer Vision Engineers", .6), ("Perception Engineers", .2),
                ("Image Processing Engineers", .12), ("Computer Vision Scientists", .08)),
        (), _AI_EDU, 4.0, _TECH_EMP,
        _with(_ML_CORE, **{"Computer Vision": .85, "Deep Learning": .60,
                           "PyTorch (Machine Learning Library)": .50, "OpenCV": .45,
                           "cpp": .40, "Natural Language Processing (NLP)": .05,
                           "Large Language Modeling": .04, "Linux": .20}),
        {"C++ (Programming Language)": .09, "Deep Learning": .11, "OpenCV": .05},
        remote=.20,
    ),
    Career(
        23101013, "Natural Language Processing Engineer", "tech", .015, 152_000, "15-1221",
        "15-1221.00",
        _titles(("NLP Engineers", .45), ("Natural Language Processing Engineers", .2),
                ("Generative AI Engineers", .2), ("Conversational AI Engineers", .15)),
        (), _AI_EDU, 4.0, _TECH_EMP,
        _with(_ML_CORE, **{"Natural Language Processing (NLP)": .85,
                           "Large Language Modeling": .50,
                           "Generative Artificial Intelligence": .38, "python": .76,
                           "PyTorch (Machine Learning Library)": .45,
                           "Computer Vision": .05, "Retrieval Augmented Generation": .16,
                           "LangChain": .12, "Prompt Engineering": .10}),
        {"Large Language Modeling": .12, "PyTorch (Machine Learning Library)": .06,
         "Retrieval Augmented Generation": .08},
        remote=.30,
    ),
    Career(
        23102011, "Software Developer", "tech", .130, 125_000, "15-1252", "15-1252.00",
        _titles(("Software Engineers", .38), ("Software Developers", .25),
                ("Java Developers", .10), (".NET Developers", .07),
                ("Application Developers", .08), ("Python Developers", .07),
                ("Senior Software Engineers", .05)),
        (), _SW_EDU, 3.5, _TECH_EMP, _SW_CORE,
        {"Microservices": .08, "Go (Programming Language)": .09, "Kubernetes": .07,
         "System Design": .06},
        remote=.30,
    ),
    Career(
        23102012, "Full Stack Developer", "tech", .050, 115_000, "15-1254", "15-1254.00",
        _titles(("Full Stack Developers", .45), ("Full Stack Engineers", .2),
                ("Web Developers", .15), ("Front End Developers", .12),
                ("React Developers", .08)),
        (), _SW_EDU, 3.0, _TECH_EMP,
        _with(_SW_CORE, **{"js": .70, "React.js": .55, "Node.js": .45, "TypeScript": .40,
                           "HTML": .35, "Cascading Style Sheets (CSS)": .33,
                           "Full Stack Development": .50, "python": .20, "java": .20,
                           "Angular (Web Framework)": .15, "RESTful API": .30,
                           "C++ (Programming Language)": .03, "Software Engineering": .30}),
        {"TypeScript": .07, "Amazon Web Services": .06, "Node.js": .04},
        remote=.35,
    ),
    Career(
        23102013, "DevOps Engineer", "tech", .040, 130_000, "15-1299", "15-1299.08",
        _titles(("DevOps Engineers", .5), ("Site Reliability Engineers", .2),
                ("Cloud Engineers", .18), ("Platform Engineers", .12)),
        (), _SW_EDU, 4.5, _TECH_EMP,
        _with(_SW_CORE, **{"DevOps": .75, "Kubernetes": .60, "Docker (Software)": .55,
                           "Amazon Web Services": .60, "Microsoft Azure": .30,
                           "Google Cloud Platform (GCP)": .15, "Linux": .55, "CI/CD": .60,
                           "Git (Version Control System)": .35, "python": .35,
                           "Terraform": .45, "Bash (Scripting Language)": .30,
                           "Cloud Computing": .25, "java": .08,
                           "JavaScript (Programming Language)": .05,
                           "AWS Certified Solutions Architect": .06,
                           "Security Clearance": .05, "Software Development": .15}),
        {"Kubernetes": .08, "Terraform": .09, "Security Clearance": .05},
        remote=.35,
    ),
    Career(
        23111011, "Data Scientist", "tech", .040, 130_000, "15-2051", "15-2051.00",
        _titles(("Data Scientists", .62), ("Senior Data Scientists", .12),
                ("Machine Learning Scientists", .08), ("Applied Scientists", .08),
                ("Research Scientists", .10)),
        (), _DS_EDU, 3.5, _DATA_EMP,
        {"Python (Programming Language)": .72, "Data Science": .70, "Machine Learning": .65,
         "Statistics": .50, "R (Programming Language)": .35,
         "SQL (Programming Language)": .55, "Predictive Modeling": .30, "Data Analysis": .45,
         "A/B Testing": .15, "Deep Learning": .20, "Scikit-Learn (Python Package)": .15,
         "Apache Spark": .18, "Tableau (Business Intelligence Software)": .15,
         "Data Visualization": .25, "Amazon Web Services": .15, "Computer Science": .35,
         "Natural Language Processing (NLP)": .10, "Generative Artificial Intelligence": .08,
         "Large Language Modeling": .08, "Feature Engineering": .12, "Big Data": .10,
         "Research": .35},
        {"Machine Learning": .10, "Deep Learning": .08, "Apache Spark": .07},
        remote=.25,
    ),
    Career(
        23111311, "Data Analyst", "tech", .090, 80_000, "15-2051", "15-2051.00",
        _titles(("Data Analysts", .6), ("Business Data Analysts", .12),
                ("Reporting Analysts", .12), ("Analytics Specialists", .08),
                ("Data Specialists", .08)),
        (), _DA_EDU, 2.5, _DATA_EMP,
        {"Data Analysis": .80, "SQL (Programming Language)": .55, "Microsoft Excel": .50,
         "Tableau (Business Intelligence Software)": .30, "Power BI": .30,
         "Python (Programming Language)": .25, "R (Programming Language)": .10,
         "Data Visualization": .35, "Dashboard": .25, "Statistics": .15,
         "Business Intelligence": .15, "Data Quality": .12,
         "Extract Transform Load (ETL)": .08, "Data Modeling": .08, "Analytical Skills": .40,
         "Data Entry": .05, "Problem Solving": .30, "Communication": .50},
        {"Python (Programming Language)": .08, "Tableau (Business Intelligence Software)": .06,
         "SQL (Programming Language)": .07},
        remote=.20,
    ),
    Career(
        23111312, "Business Intelligence Analyst", "tech", .040, 95_000, "15-2051",
        "15-2051.01",
        _titles(("Business Intelligence Analysts", .55), ("BI Developers", .15),
                ("Power BI Developers", .15), ("Business Intelligence Developers", .15)),
        (), _DA_EDU, 3.0, _DATA_EMP,
        {"Business Intelligence": .80, "Power BI": .55,
         "Tableau (Business Intelligence Software)": .45, "SQL (Programming Language)": .65,
         "Data Warehousing": .25, "Extract Transform Load (ETL)": .25, "Dashboard": .45,
         "Data Modeling": .30, "Microsoft Excel": .35, "Data Analysis": .55,
         "Data Visualization": .40, "Looker (Software)": .10,
         "Snowflake (Data Warehouse)": .15, "Python (Programming Language)": .15,
         "Analytical Skills": .30, "Communication": .50},
        {"Snowflake (Data Warehouse)": .08, "Data Modeling": .07, "Power BI": .04},
        remote=.20,
    ),
    Career(
        31101011, "Registered Nurse", "health", .200, 86_000, "29-1141", "29-1141.00",
        _titles(("Registered Nurses", .55), ("Staff Nurses", .12),
                ("Registered Nurses - Med Surg", .10), ("Charge Nurses", .08),
                ("Travel Registered Nurses", .10), ("Nurse Case Managers", .05)),
        (), _RN_EDU, 1.8, _NURSE_EMP,
        {"Nursing": .85, "Registered Nurse (RN)": .75, "Basic Life Support (BLS)": .45,
         "Advanced Cardiovascular Life Support (ACLS)": .25,
         "Pediatric Advanced Life Support (PALS)": .06, "Patient Care": .40,
         "Electronic Medical Record (EMR)": .25, "Epic EMR": .15, "Acute Care": .25,
         "Medication Administration": .25, "Vital Signs": .15, "Patient Assessment": .20,
         "Telemetry": .10, "Infection Control": .10, "Case Management": .08,
         "Nursing Care Plan": .12, "Bachelor Of Science In Nursing (BSN)": .20,
         "Medical-Surgical Nursing": .12, "Patient Education": .12,
         "Discharge Planning": .07, "Emergency Departments": .08,
         "Valid Driver's License": .05, "Intensive Care Unit": .05},
        {"Advanced Cardiovascular Life Support (ACLS)": .06,
         "Bachelor Of Science In Nursing (BSN)": .07, "Telemetry": .05},
        hourly=.60, remote=.02,
    ),
    Career(
        31101012, "Critical Care Nurse", "health", .050, 96_000, "29-1141", "29-1141.03",
        _titles(("ICU Registered Nurses", .45), ("Critical Care Nurses", .25),
                ("Intensive Care Unit Nurses", .15), ("Travel ICU Nurses", .15)),
        (), _RN_EDU, 2.5, _NURSE_EMP,
        {"Nursing": .80, "Registered Nurse (RN)": .80, "Intensive Care Unit": .70,
         "Critical Care Nursing": .60, "Advanced Cardiovascular Life Support (ACLS)": .65,
         "Basic Life Support (BLS)": .60, "Critical Care Registered Nurse (CCRN)": .30,
         "Pediatric Advanced Life Support (PALS)": .10, "Hemodynamics": .20,
         "Mechanical Ventilation": .20, "Telemetry": .20,
         "Electronic Medical Record (EMR)": .20, "Epic EMR": .15, "Patient Assessment": .25,
         "Patient Care": .30, "Acute Care": .30, "Medication Administration": .20,
         "Bachelor Of Science In Nursing (BSN)": .25},
        {"Critical Care Registered Nurse (CCRN)": .08, "Hemodynamics": .06},
        hourly=.65, remote=.0,
    ),
    Career(
        31101013, "Home Health Registered Nurse", "health", .040, 82_000, "29-1141",
        "29-1141.00",
        _titles(("Home Health Registered Nurses", .5), ("Home Care Nurses", .2),
                ("Visiting Nurses", .15), ("Field Nurses", .15)),
        (), _RN_EDU, 1.8, {"health": .78, "staffing_health": .18, "general": .04},
        {"Nursing": .80, "Registered Nurse (RN)": .75, "Home Health Care": .80,
         "Case Management": .35, "Valid Driver's License": .50, "Patient Assessment": .30,
         "Medication Administration": .25, "Vital Signs": .20, "Basic Life Support (BLS)": .35,
         "Electronic Medical Record (EMR)": .20, "Nursing Care Plan": .30,
         "Wound Care": .25, "Wound Care Certified (WCC)": .08, "Hospice Care": .12,
         "Patient Education": .20, "Scheduling": .15},
        {"Case Management": .06, "Wound Care Certified (WCC)": .07, "Hospice Care": .04},
        hourly=.55, remote=.02,
    ),
    Career(
        14101011, "Accountant", "finance", .080, 74_000, "13-2011", "13-2011.00",
        _titles(("Accountants", .5), ("Senior Accountants", .2), ("Cost Accountants", .1),
                ("General Ledger Accountants", .1), ("Accounting Specialists", .1)),
        (), _ACCT_EDU, 3.0, _ACCT_EMP,
        {"Accounting": .85, "Generally Accepted Accounting Principles (GAAP)": .40,
         "Certified Public Accountant (CPA)": .35, "Financial Statements": .40,
         "General Ledger": .35, "Account Reconciliation": .35, "Auditing": .20,
         "Tax Returns": .12, "Financial Reporting": .35, "Internal Controls": .15,
         "Sarbanes-Oxley Act (SOX)": .08, "Budgeting": .18, "QuickBooks (Accounting Software)": .10,
         "SAP Applications": .08, "Month-End Closing": .25, "Forecasting": .10,
         "Certified Management Accountant (CMA)": .03, "Accounts Payable": .15,
         "Accounts Receivable": .12, "Oracle E-Business Suite": .05, "Variance Analysis": .10,
         "Cost Accounting": .08, "Fixed Assets": .08, "Journal Entries": .25,
         "Financial Analysis": .12},
        {"Certified Public Accountant (CPA)": .10, "Sarbanes-Oxley Act (SOX)": .06,
         "SAP Applications": .04},
        hourly=.05, remote=.10,
    ),
    Career(
        14101012, "Staff Accountant", "finance", .040, 64_000, "13-2011", "13-2011.00",
        _titles(("Staff Accountants", .65), ("Junior Accountants", .2),
                ("Accounting Associates", .15)),
        (), _ACCT_EDU, 1.8, _ACCT_EMP,
        {"Accounting": .85, "General Ledger": .55, "Account Reconciliation": .55,
         "Month-End Closing": .50, "Journal Entries": .45,
         "Generally Accepted Accounting Principles (GAAP)": .35, "Accounts Payable": .25,
         "Accounts Receivable": .20, "QuickBooks (Accounting Software)": .18,
         "Financial Statements": .30, "Certified Public Accountant (CPA)": .12,
         "Financial Reporting": .25, "Fixed Assets": .10, "Payroll": .08},
        {"Certified Public Accountant (CPA)": .09,
         "Generally Accepted Accounting Principles (GAAP)": .05},
        hourly=.12, remote=.10,
    ),
    Career(
        14101013, "Tax Accountant", "finance", .025, 76_000, "13-2011", "13-2011.00",
        _titles(("Tax Accountants", .5), ("Tax Associates", .2), ("Tax Preparers", .15),
                ("Tax Specialists", .15)),
        (), _ACCT_EDU, 2.5, _ACCT_EMP,
        {"Accounting": .70, "Tax Returns": .75, "Tax Law": .40,
         "Certified Public Accountant (CPA)": .45, "Enrolled Agent": .08,
         "Generally Accepted Accounting Principles (GAAP)": .20, "Financial Statements": .25,
         "Tax Planning": .35, "Research": .20, "QuickBooks (Accounting Software)": .10},
        {"Certified Public Accountant (CPA)": .10, "Tax Planning": .07},
        hourly=.10, remote=.12,
    ),
    Career(
        19101011, "Electrician", "trades", .060, 63_000, "47-2111", "47-2111.00",
        _titles(("Electricians", .5), ("Journeyman Electricians", .2),
                ("Commercial Electricians", .12), ("Residential Electricians", .1),
                ("Master Electricians", .08)),
        (), _ELEC_EDU, 3.0, _TRADE_EMP,
        {"Electrical Wiring": .70, "National Electrical Code": .45,
         "Journeyman Electrician License": .45, "Master Electrician License": .08,
         "Conduit Bending": .30, "Electrical Systems": .40, "Blueprint Reading": .35,
         "Hand Tools": .30, "Power Tools": .25, "OSHA 10 Certification": .20,
         "Low Voltage": .15, "Motor Controls": .15, "Schematic Diagrams": .15,
         "Preventive Maintenance": .15, "Valid Driver's License": .35,
         "Programmable Logic Controllers": .06, "Electrical Panels": .20,
         "Lighting Systems": .15, "Electrical Troubleshooting": .25,
         "Fire Alarm Systems": .05, "Solar Energy Systems": .05},
        {"Master Electrician License": .12, "Motor Controls": .06,
         "Journeyman Electrician License": .05},
        hourly=.70, remote=.0,
    ),
    Career(
        19101012, "Industrial Electrician", "trades", .025, 70_000, "49-2094", "49-2094.00",
        _titles(("Industrial Electricians", .4), ("Maintenance Electricians", .3),
                ("Electrical Maintenance Technicians", .2), ("Plant Electricians", .1)),
        (), _ELEC_EDU, 4.0, {"trades": .80, "staffing_general": .12, "general": .08},
        {"Programmable Logic Controllers": .55, "Motor Controls": .55,
         "Electrical Systems": .55, "Preventive Maintenance": .50,
         "Schematic Diagrams": .40, "Electrical Wiring": .45, "National Electrical Code": .25,
         "Journeyman Electrician License": .35, "Hand Tools": .25,
         "OSHA 10 Certification": .20, "Blueprint Reading": .25, "Wiring Diagram": .20,
         "Electrical Troubleshooting": .40},
        {"Programmable Logic Controllers": .09, "Journeyman Electrician License": .06},
        hourly=.75, remote=.0,
    ),
    Career(
        19101013, "Apprentice Electrician", "trades", .020, 43_000, "47-3013", "47-3013.00",
        _titles(("Electrician Apprentices", .5), ("Apprentice Electricians", .3),
                ("Electrician Helpers", .2)),
        (), (((0,), .90), ((0, 1), .10)), 0.3, _TRADE_EMP,
        {"Electrical Wiring": .60, "Hand Tools": .50, "Power Tools": .45,
         "Conduit Bending": .30, "Blueprint Reading": .25, "National Electrical Code": .20,
         "Valid Driver's License": .50, "OSHA 10 Certification": .20,
         "Lifting Ability": .40},
        {"OSHA 10 Certification": .06, "Conduit Bending": .05},
        hourly=.85, remote=.0,
    ),
]
CAREERS = [
    Career(**{**c.__dict__, "raw_titles": tuple(_singular(t) for t, _ in c.titles)})
    for c in CAREERS
]


def _check_tables() -> None:
    for career in CAREERS:
        assert career.occupation in OCCUPATIONS, career
        assert career.code // 10_000 in OCCUPATION_GROUPS, career
        assert career.code // 1_000_000 in CAREER_AREAS, career
        for name in (*career.skills, *career.premium):
            assert name in _SKILL_INDEX, name
        assert abs(sum(w for _, w in career.titles) - 1) < 1e-9, career.name
        assert abs(sum(w for _, w in career.education) - 1) < 1e-9, career.name
    for table in (_COMMON, *_COMMON_BY_FAMILY.values()):
        for name in table:
            assert name in _SKILL_INDEX, name
    assert abs(sum(c.weight for c in CAREERS) - 1) < 1e-9


_check_tables()

# ============================================================================ employers

_WORDS = (
    "Apex", "Arbor", "Aspen", "Atlas", "Beacon", "Birch", "Bluewater", "Bright", "Cardinal",
    "Cascade", "Cedar", "Clearview", "Cobalt", "Compass", "Copper", "Cornerstone", "Crescent",
    "Crest", "Delta", "Ember", "Evergreen", "Falcon", "Frontier", "Granite", "Harbor", "Heritage",
    "Horizon", "Ironwood", "Keystone", "Lakeshore", "Liberty", "Lumen", "Maple", "Meridian",
    "Midland", "Monarch", "Northstar", "Oakline", "Orion", "Pacific", "Paragon", "Pinnacle",
    "Pioneer", "Prairie", "Quantum", "Redwood", "Ridgeline", "Riverbend", "Sable", "Sentinel",
    "Sierra", "Silverline", "Skyline", "Summit", "Sterling", "Tidewater", "Trident", "Vanguard",
    "Vertex", "Willow", "Zenith",
)
_SURNAMES = (
    "Anderson", "Bennett", "Brooks", "Carter", "Collins", "Delgado", "Ellis", "Foster", "Garcia",
    "Griffin", "Hayes", "Hughes", "Jensen", "Kim", "Lawson", "Martinez", "Mitchell", "Morgan",
    "Nguyen", "Olsen", "Patel", "Porter", "Quinn", "Ramirez", "Reed", "Russo", "Sanders", "Shaw",
    "Sullivan", "Thompson", "Turner", "Walsh", "Warren", "Webb", "Whitaker", "Young",
)
_PLACES = (
    "Riverside", "Lakeview", "Valley", "Cumberland", "Piedmont", "Bayside", "Highland",
    "Clearwater", "Fairview", "Pinecrest", "Mountain View", "Coastal", "Heartland", "Northshore",
    "Sunrise", "Greenfield", "Brookside", "Westfield", "Oakridge", "Hillcrest", "Meadowbrook",
    "Stonebridge", "Ashford", "Kingsport", "Millbrook", "Southgate", "Eastwood", "Glenview",
)
_SAINTS = ("St. Luke's", "St. Mary's", "St. Joseph's", "St. Vincent's", "Good Samaritan",
           "Providence", "Mercy", "Sacred Heart", "Nuestra Señora")  # fmt: skip
_TECH_SUFFIX = (
    "Software", "Labs", "Systems", "Technologies", "Analytics", "AI", "Data", "Networks", "Digital",
    "Cloud", "Robotics", "Dynamics", "Logic", "Solutions", "Interactive", "Computing",
)
# sector -> (number of employers, [(template, NAICS key)])
_EMPLOYER_SECTORS: dict[str, tuple[int, list[tuple[str, str]]]] = {
    "tech": (95, [("{W} {T}", "software"), ("{W} {T}", "itservices")]),
    "health": (80, [("{P} Regional Medical Center", "hospital"), ("{P} Health", "hospital"),
                    ("{P} Health System", "hospital"), ("{P} Community Hospital", "hospital"),
                    ("{S} Hospital", "hospital"), ("{P} Children's Hospital", "hospital"),
                    ("{P} Home Health", "homehealth"), ("{W} Home Care", "homehealth"),
                    ("{P} Rehabilitation Center", "hospital"), ("{P} Medical Group", "hospital")]),
    "finance": (55, [("{N} & {M} CPAs", "cpa"), ("{N} {M} LLP", "cpa"),
                     ("{N}, {M} & Co.", "cpa"), ("{N} Tax Advisors", "cpa"),
                     ("{W} Financial Group", "bank"), ("{P} Bank", "bank"),
                     ("{W} Capital", "bank"), ("{W} Insurance", "insurance"),
                     ("{W} Mutual", "insurance")]),
    "trades": (55, [("{N} Electric", "electrical"), ("{W} Electrical Contractors", "electrical"),
                    ("{N} & Sons Electric", "electrical"), ("{W} Electric Co.", "electrical"),
                    ("{W} Manufacturing", "manufacturing"),
                    ("{W} Industrial Services", "manufacturing"),
                    ("{N} Construction", "construction"), ("{P} Power & Light", "utility"),
                    ("{W} Energy", "utility")]),
    "staffing_tech": (15, [("{W} Tech Staffing", "staffing"), ("{W} Talent Partners", "staffing"),
                           ("{W} IT Staffing", "staffing")]),
    "staffing_health": (12, [("{W} Nurse Staffing", "staffing"),
                             ("{W} Travel Nursing", "staffing"),
                             ("{W} Medical Staffing", "staffing")]),
    "staffing_general": (13, [("{W} Staffing", "staffing"),
                              ("{W} Workforce Solutions", "staffing"),
                              ("{W} Personnel Services", "staffing")]),
    "general": (75, [("City of {P}", "government"), ("{P} County Government", "government"),
                     ("{P} State University", "university"), ("University of {P}", "university"),
                     ("{W} Retail Group", "retail"), ("{W} Logistics", "logistics"),
                     ("{W} Consulting Group", "consulting")]),
}  # fmt: skip
_N = tuple[int, str]
# NAICS key -> 2..6-digit (code, name) levels; a second tuple overrides for NAICS 2022
_NAICS: dict[str, tuple[tuple[_N, ...], tuple[_N, ...] | None]] = {
    "software": (((51, "Information"), (511, "Publishing Industries (except Internet)"),
                  (5112, "Software Publishers"), (51121, "Software Publishers"),
                  (511210, "Software Publishers")),
                 ((51, "Information"), (513, "Publishing Industries"),
                  (5132, "Software Publishers"), (51321, "Software Publishers"),
                  (513210, "Software Publishers"))),
    "itservices": (((54, "Professional, Scientific, and Technical Services"),
                    (541, "Professional, Scientific, and Technical Services"),
                    (5415, "Computer Systems Design and Related Services"),
                    (54151, "Computer Systems Design and Related Services"),
                    (541511, "Custom Computer Programming Services")), None),
    "hospital": (((62, "Health Care and Social Assistance"), (622, "Hospitals"),
                  (6221, "General Medical and Surgical Hospitals"),
                  (62211, "General Medical and Surgical Hospitals"),
                  (622110, "General Medical and Surgical Hospitals")), None),
    "homehealth": (((62, "Health Care and Social Assistance"),
                    (621, "Ambulatory Health Care Services"),
                    (6216, "Home Health Care Services"), (62161, "Home Health Care Services"),
                    (621610, "Home Health Care Services")), None),
    "cpa": (((54, "Professional, Scientific, and Technical Services"),
             (541, "Professional, Scientific, and Technical Services"),
             (5412, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
             (54121, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
             (541211, "Offices of Certified Public Accountants")), None),
    "bank": (((52, "Finance and Insurance"),
              (522, "Credit Intermediation and Related Activities"),
              (5221, "Depository Credit Intermediation"), (52211, "Commercial Banking"),
              (522110, "Commercial Banking")), None),
    "insurance": (((52, "Finance and Insurance"),
                   (524, "Insurance Carriers and Related Activities"),
                   (5241, "Insurance Carriers"),
                   (52411, "Direct Life, Health, and Medical Insurance Carriers"),
                   (524114, "Direct Health and Medical Insurance Carriers")), None),
    "electrical": (((23, "Construction"), (238, "Specialty Trade Contractors"),
                    (2382, "Building Equipment Contractors"),
                    (23821, "Electrical Contractors and Other Wiring Installation Contractors"),
                    (238210, "Electrical Contractors and Other Wiring Installation Contractors")),
                   None),
    "construction": (((23, "Construction"), (236, "Construction of Buildings"),
                      (2362, "Nonresidential Building Construction"),
                      (23622, "Commercial and Institutional Building Construction"),
                      (236220, "Commercial and Institutional Building Construction")), None),
    "manufacturing": (((31, "Manufacturing"), (336, "Transportation Equipment Manufacturing"),
                       (3363, "Motor Vehicle Parts Manufacturing"),
                       (33639, "Other Motor Vehicle Parts Manufacturing"),
                       (336390, "Other Motor Vehicle Parts Manufacturing")), None),
    "utility": (((22, "Utilities"), (221, "Utilities"),
                 (2211, "Electric Power Generation, Transmission and Distribution"),
                 (22112, "Electric Power Transmission, Control, and Distribution"),
                 (221122, "Electric Power Distribution")), None),
    "staffing": (((56, "Administrative and Support and Waste Management and Remediation "
                       "Services"),
                  (561, "Administrative and Support Services"), (5613, "Employment Services"),
                  (56132, "Temporary Help Services"), (561320, "Temporary Help Services")), None),
    "government": (((92, "Public Administration"),
                    (921, "Executive, Legislative, and Other General Government Support"),
                    (9211, "Executive, Legislative, and Other General Government Support"),
                    (92119, "Other General Government Support"),
                    (921190, "Other General Government Support")), None),
    "university": (((61, "Educational Services"), (611, "Educational Services"),
                    (6113, "Colleges, Universities, and Professional Schools"),
                    (61131, "Colleges, Universities, and Professional Schools"),
                    (611310, "Colleges, Universities, and Professional Schools")), None),
    "retail": (((44, "Retail Trade"), (452, "General Merchandise Stores"),
                (4523, "General Merchandise Stores, including Warehouse Clubs and Supercenters"),
                (45231, "General Merchandise Stores, including Warehouse Clubs and Supercenters"),
                (452319, "All Other General Merchandise Stores")),
               ((44, "Retail Trade"), (455, "General Merchandise Retailers"),
                (4552, "Warehouse Clubs, Supercenters, and Other General Merchandise Retailers"),
                (45521, "Warehouse Clubs, Supercenters, and Other General Merchandise Retailers"),
                (455219, "All Other General Merchandise Retailers"))),
    "logistics": (((48, "Transportation and Warehousing"), (493, "Warehousing and Storage"),
                   (4931, "Warehousing and Storage"), (49311, "General Warehousing and Storage"),
                   (493110, "General Warehousing and Storage")), None),
    "consulting": (((54, "Professional, Scientific, and Technical Services"),
                    (541, "Professional, Scientific, and Technical Services"),
                    (5416, "Management, Scientific, and Technical Consulting Services"),
                    (54161, "Management Consulting Services"),
                    (541611, "Administrative Management and General Management Consulting "
                             "Services")), None),
    "unclassified": (((99, "Unclassified Industry"), (999, "Unclassified Industry"),
                      (9999, "Unclassified Industry"), (99999, "Unclassified Industry"),
                      (999999, "Unclassified Industry")), None),
}  # fmt: skip


@dataclass(frozen=True)
class Employer:
    name: str
    sector: str
    naics: str
    staffing: bool
    company_id: int
    slug: str


def _build_employers() -> list[Employer]:
    """~400 employer names, fixed (independent of the seed); rank order = size order."""
    rng = np.random.default_rng(20_240_906)
    seen: set[str] = set()
    out: list[Employer] = []
    for sector, (count, templates) in _EMPLOYER_SECTORS.items():
        made = 0
        while made < count:
            template, naics = templates[int(rng.integers(len(templates)))]
            name = template.format(
                W=_WORDS[int(rng.integers(len(_WORDS)))],
                T=_TECH_SUFFIX[int(rng.integers(len(_TECH_SUFFIX)))],
                P=_PLACES[int(rng.integers(len(_PLACES)))],
                S=_SAINTS[int(rng.integers(len(_SAINTS)))],
                N=_SURNAMES[int(rng.integers(len(_SURNAMES)))],
                M=_SURNAMES[int(rng.integers(len(_SURNAMES)))],
            )
            if name in seen or "{" in name:
                continue
            seen.add(name)
            slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:24]
            company_id = 100_000 + int(_code(name, 6, "0123456789"))
            out.append(Employer(name, sector, naics, sector.startswith("staffing"),
                                company_id, slug))  # fmt: skip
            made += 1
    return out


EMPLOYERS = _build_employers()
_SECTORS = list(_EMPLOYER_SECTORS)
UNCLASSIFIED = "Unclassified"

# ============================================================================ misc vocab

_REMOTE = ((0, "[None]"), (1, "Remote"), (2, "Hybrid Remote"), (3, "Not Remote"))
_EMPLOYMENT = ((1, "Full-time (> 32 hours)"), (2, "Part-time (â‰¤ 32 hours)"),
               (3, "Part-time / full-time"))  # fmt: skip
_BOARDS = ("indeed.com", "linkedin.com", "ziprecruiter.com", "glassdoor.com",
           "careerbuilder.com", "simplyhired.com", "monster.com")  # fmt: skip
_FAMILY_BOARD = {"tech": "dice.com", "health": "nurse.com", "finance": "efinancialcareers.com",
                 "trades": "electricianjobs.com"}  # fmt: skip
_LC_SECTORS = {1: "Artificial Intelligence", 2: "Cybersecurity", 7: "Green Jobs: Enabled Jobs"}
_RAW_PREFIX = ("", "", "", "", "Senior ", "Sr. ", "Lead ", "Junior ", "Staff ")
_RAW_SUFFIX = ("", "", "", "", " II", " - Remote", " (Hybrid)", " - Day Shift", " - $5,000 Bonus")
_BODY_LINES = (
    'We offer competitive pay, "best-in-class" benefits and a 401(k) match.',
    "Join a team that values curiosity, ownership, and doing the right thing.",
    "Full benefits package; relocation assistance available for qualified candidates.",
    "We are an equal opportunity employer, and all qualified applicants will be considered.",
    "Flexible schedule, paid time off, and tuition reimbursement.",
)

# ============================================================================ report


@dataclass
class UpdateCase:
    """An ID with more than one row: how it was built and which row must win."""

    id: str
    kind: str  # newer, tie, older, date_only_newer, date_only_same_day, same_file_tie, ...
    rows: list[tuple[str, int]]  # (file name, 1-based row number), ingestion order
    winner: tuple[str, int]


@dataclass
class GenerationReport:
    """What generate_export wrote. Reason texts are those of docs/ROW_RULES.md."""

    out_dir: Path
    seed: int
    end: date
    files: list[Path]
    rows_per_file: dict[str, int]  # path relative to out_dir -> data rows (records)
    postings_rows: int  # data rows over all postings files
    bad_rows: int  # rows that break at least one rule
    distinct_ids: int  # IDs with at least one valid row (== postings)
    update_rows: int  # valid rows re-versioning an ID seen in another row
    nearly_empty_rows: int
    edge_rows: int  # valid rows with unusual but legal cells (padding, decimals, ...)
    bad_by_reason: dict[str, int] = field(default_factory=dict)
    bad_by_file: dict[str, int] = field(default_factory=dict)
    updates: list[UpdateCase] = field(default_factory=list)
    taxonomy_skills: int = 0
    skills_missing_from_taxonomy: list[str] = field(default_factory=list)
    employment_rows: int = 0
    suppressed_cells: int = 0


# ============================================================================ sampling

_MS_DAY = 86_400_000
_EPOCH_ORD = date(1970, 1, 1).toordinal()
_HISTORY_DAYS = 608  # ~20 months of postings before `end`


def _weights(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr / arr.sum()


def _zipf(n: int, a: float = 0.85) -> np.ndarray:
    return _weights(1.0 / np.arange(1, n + 1) ** a)


def _career_skill_matrix(careers: Sequence[Career]) -> np.ndarray:
    """P[career, skill] = probability the skill appears in a posting of that career."""
    probs = np.full((len(careers), len(SKILLS)), 0.005)
    for ci, career in enumerate(careers):
        for table in (_COMMON, _COMMON_BY_FAMILY[career.family], career.skills):
            for name, p in table.items():
                probs[ci, _SKILL_INDEX[name]] = p
    return probs


def _employer_matrix(careers: Sequence[Career]) -> np.ndarray:
    """P[career, employer] from each career's sector mix and Zipf sizes inside a sector."""
    sector_of = np.array([_SECTORS.index(e.sector) for e in EMPLOYERS])
    within = np.zeros(len(EMPLOYERS))
    for si in range(len(_SECTORS)):
        idx = np.flatnonzero(sector_of == si)
        within[idx] = _zipf(len(idx))
    out = np.zeros((len(careers), len(EMPLOYERS)))
    for ci, career in enumerate(careers):
        for sector, share in career.employers.items():
            mask = sector_of == _SECTORS.index(sector)
            out[ci, mask] = share * within[mask]
        out[ci] /= out[ci].sum()
    return out


def _city_probs(tech: bool) -> np.ndarray:
    per_state = np.array([(r[5] * (r[4] if tech else 1.0)) if r[0] < 60 else 0.0
                          for r in _STATE_ROWS])  # fmt: skip
    per_state = per_state / per_state.sum() * (1 - sum(t[3] for t in TERRITORIES))
    for _fips, abbr, _name, share, _wage in TERRITORIES:
        per_state[_STATE_INDEX[abbr]] = share
    state_weight: dict[int, float] = {}
    for c in CITIES:
        state_weight[c.state] = state_weight.get(c.state, 0.0) + c.weight
    return _weights([per_state[c.state] * c.weight / state_weight[c.state] for c in CITIES])


@dataclass
class _Sample:
    """Column arrays of freshly sampled postings (all valid)."""

    career: np.ndarray
    nospec: np.ndarray
    city: np.ndarray  # -1: no location
    employer: np.ndarray  # -1: Unclassified
    title: np.ndarray  # index into career.titles, -1: Unclassified
    raw_prefix: np.ndarray
    raw_suffix: np.ndarray
    posted: np.ndarray  # date ordinal
    expired: np.ndarray  # date ordinal, -1: empty
    modeled: np.ndarray  # modeled duration (days)
    updated: np.ndarray  # LAST_UPDATED_TIMESTAMP, ms since epoch
    duplicates: np.ndarray
    education: list[tuple[int, ...]]
    min_years: np.ndarray  # -1: empty
    max_years: np.ndarray  # -1: empty
    salary: np.ndarray  # -1: empty
    salary_from: np.ndarray
    salary_to: np.ndarray
    pay_period: np.ndarray  # 0 year, 1 hour, 2 month
    remote: np.ndarray
    employment: np.ndarray
    internship: np.ndarray
    skills: list[list[int]]
    sources: np.ndarray  # number of sources 1..3
    source_seed: np.ndarray
    sectors: np.ndarray  # LIGHTCAST_SECTORS id, 0: none
    cip: np.ndarray  # how many CIP codes
    url_hex: list[str]


#: (rng, n) -> career index of each of n postings
AssignCareers = Callable[[np.random.Generator, int], np.ndarray]
#: (rng, career index per posting, skills present by the career's probabilities) -> the skills
#: present (a profile's own rule)
PickSkills = Callable[[np.random.Generator, np.ndarray, np.ndarray], np.ndarray]


def _sample(rng: np.random.Generator, n: int, end_ord: int, careers: Sequence[Career] = CAREERS,
            assign: AssignCareers | None = None, pick_skills: PickSkills | None = None,
            ) -> _Sample:  # fmt: skip
    """Sample n postings of `careers`: by their weights, or as `assign` says; skills by the
    careers' probabilities, or as `pick_skills` says."""
    nc = len(careers)
    if assign is None:
        career = rng.choice(nc, size=n, p=_weights([c.weight for c in careers]))
    else:
        career = assign(rng, n)
    nospec = rng.random(n) < 0.02
    family = np.array([c.family for c in careers])[career]
    tech = family == "tech"

    city = np.where(tech, rng.choice(len(CITIES), size=n, p=_city_probs(True)),
                    rng.choice(len(CITIES), size=n, p=_city_probs(False)))  # fmt: skip
    city[rng.random(n) < 0.01] = -1

    employer = np.empty(n, dtype=np.int64)
    emp_p = _employer_matrix(careers)
    title = np.empty(n, dtype=np.int64)
    for ci, c in enumerate(careers):
        idx = np.flatnonzero(career == ci)
        employer[idx] = rng.choice(len(EMPLOYERS), size=len(idx), p=emp_p[ci])
        title[idx] = rng.choice(len(c.titles), size=len(idx), p=_weights([w for _, w in c.titles]))
    employer[rng.random(n) < 0.05] = -1
    title[rng.random(n) < 0.03] = -1
    raw_prefix = rng.integers(len(_RAW_PREFIX), size=n)
    raw_suffix = rng.integers(len(_RAW_SUFFIX), size=n)

    # POSTED: half uniform over the history, half ramping up towards `end`; weekends thinned.
    days_back = np.where(rng.random(n) < 0.5, rng.random(n), 1 - np.sqrt(rng.random(n)))
    posted = end_ord - np.floor(days_back * (_HISTORY_DAYS + 1)).astype(np.int64)
    weekday = (posted - 1) % 7  # date.fromordinal(1) is a Monday -> 0
    weekend = (weekday >= 5) & (rng.random(n) < 0.6)
    posted = np.where(weekend, np.where(weekday == 5, posted - 1, posted + 1), posted)
    posted = np.minimum(posted, end_ord)
    expired = posted + rng.integers(10, 91, size=n)
    keep = (expired <= end_ord) & (rng.random(n) < 0.655)
    expired = np.where(keep, expired, -1)
    modeled = np.where(keep, expired - posted, rng.integers(15, 61, size=n))
    last_day = np.where(keep, np.minimum(expired + rng.integers(0, 4, size=n), end_ord), end_ord)
    upd_day = posted + np.floor(rng.random(n) * (last_day - posted + 1)).astype(np.int64)
    upd_ms = rng.integers(60_000, _MS_DAY - 60_000, size=n)  # never exactly midnight
    updated = (upd_day - _EPOCH_ORD) * _MS_DAY + upd_ms
    duplicates = np.minimum(rng.geometric(0.45, size=n) - 1, 60)

    # education
    edu_pick = rng.random(n)
    education: list[tuple[int, ...]] = [()] * n
    edu_roll = rng.random(n)
    career_l = career.tolist()
    for i in range(n):
        roll = edu_roll[i]
        if roll < 0.20:
            education[i] = (99,)
        elif roll < 0.23:
            education[i] = ()
        else:
            acc = 0.0
            patterns = careers[career_l[i]].education
            chosen = patterns[-1][0]
            for pattern, w in patterns:
                acc += w
                if edu_pick[i] < acc:
                    chosen = pattern
                    break
            education[i] = chosen

    exp_mean = np.array([c.experience for c in careers])[career]
    min_years = np.rint(rng.gamma(2.0, np.maximum(exp_mean, 0.2) / 2.0)).astype(np.int64)
    min_years = np.clip(min_years, 0, 15)
    min_years[rng.random(n) < 0.35] = -1
    max_years = np.where((min_years >= 0) & (rng.random(n) < 0.12),
                         min_years + rng.integers(2, 7, size=n), -1)  # fmt: skip

    # skills
    # Common skills scale with how wordy an ad is: P' = 1 - (1 - P) ** verbosity.
    probs = _career_skill_matrix(careers).astype(np.float32)[career]
    common = np.array([s.type == "C" for s in SKILLS])
    verbosity = np.exp(rng.normal(0.3, 0.5, size=n)).astype(np.float32)
    probs[:, common] = 1 - (1 - probs[:, common]) ** verbosity[:, None]
    present = rng.random((n, len(SKILLS)), dtype=np.float32) < probs
    if pick_skills is not None:
        present = pick_skills(rng, career, present)
    rows, cols = np.nonzero(present)
    counts = np.bincount(rows, minlength=n)
    skills = [a.tolist() for a in np.split(cols, np.cumsum(counts)[:-1])] if n else []

    # salary: lognormal around the career target, state wage level, skills, experience, degree
    wage = np.array([r[3] for r in _STATE_ROWS])
    city_state = np.array([c.state for c in CITIES])
    state_factor = np.where(city >= 0, wage[city_state[np.maximum(city, 0)]], 1.0)
    lp = np.log(state_factor) + 0.025 * np.maximum(min_years, 0)
    edu_bonus = np.array([0.08 if 4 in e else 0.04 if 3 in e else 0.0 for e in education])
    lp = lp + edu_bonus
    for ci, c in enumerate(careers):
        for name, premium in c.premium.items():
            lp = lp + np.where((career == ci) & present[:, _SKILL_INDEX[name]],
                               1.5 * premium, 0.0)
    sigma = 0.22
    log_salary = np.empty(n)
    z = rng.standard_normal(n)
    for ci, c in enumerate(careers):
        idx = np.flatnonzero(career == ci)
        if len(idx):
            mu = math.log(c.salary) - sigma**2 / 2 - math.log(float(np.mean(np.exp(lp[idx]))))
            log_salary[idx] = mu + lp[idx] + sigma * z[idx]
    transparent = np.array([r[1] in _PAY_TRANSPARENT for r in _STATE_ROWS])
    in_transparent = (city >= 0) & transparent[city_state[np.maximum(city, 0)]]
    has_salary = rng.random(n) < np.where(in_transparent, 0.62, 0.355)
    hourly_share = np.array([c.hourly for c in careers])[career]
    roll = rng.random(n)
    pay_period = np.where(roll < hourly_share, 1,
                          np.where(roll > 0.985, 2, 0))  # fmt: skip
    mid = np.exp(log_salary)
    spread = np.where(rng.random(n) < 0.35, 0.0, rng.uniform(0.05, 0.25, size=n))
    lo, hi = mid * (1 - spread), mid * (1 + spread)
    hourly_lo = np.round(lo / 2080 * 2) / 2 * 2080  # half-dollar hourly rates
    hourly_hi = np.round(hi / 2080 * 2) / 2 * 2080
    monthly_lo = np.round(lo / 12 / 50) * 50 * 12
    monthly_hi = np.round(hi / 12 / 50) * 50 * 12
    yearly_lo, yearly_hi = np.round(lo / 1000) * 1000, np.round(hi / 1000) * 1000
    sal_from = np.select([pay_period == 1, pay_period == 2], [hourly_lo, monthly_lo], yearly_lo)
    sal_to = np.select([pay_period == 1, pay_period == 2], [hourly_hi, monthly_hi], yearly_hi)
    sal_from = np.clip(np.rint(sal_from), 15_000, 900_000).astype(np.int64)
    sal_to = np.maximum(np.clip(np.rint(sal_to), 15_000, 900_000).astype(np.int64), sal_from)
    salary = (sal_from + sal_to) // 2
    salary = np.where(has_salary, salary, -1)

    remote_share = np.array([c.remote for c in careers])[career]
    roll = rng.random(n)
    remote = np.select(
        [roll < remote_share * 0.55, roll < remote_share, roll < remote_share + 0.10],
        [1, 2, 3], 0,
    )
    part_time = np.where(family == "health", 0.18, 0.07)
    roll = rng.random(n)
    employment = np.where(roll < part_time, 2, np.where(roll < part_time + 0.08, 3, 1))
    internship = rng.random(n) < np.where((family == "tech") | (family == "finance"), 0.02, 0.002)

    sources = rng.choice([1, 2, 3], size=n, p=[0.55, 0.3, 0.15])
    source_seed = rng.integers(0, 1 << 30, size=n)
    ai = np.isin(career, [i for i, c in enumerate(careers) if c.occupation in (231010, 231110)])
    roll = rng.random(n)
    sectors = np.select(
        [ai & (roll < 0.85), tech & (roll < 0.10), (family == "trades") & (roll < 0.20)],
        [1, 2, 7], 0,
    )
    cip = rng.choice([0, 1, 2, 3], size=n, p=[0.2, 0.45, 0.25, 0.1])
    url_bytes = rng.integers(0, 256, size=(n, 8), dtype=np.uint8).tobytes().hex()
    url_hex = [url_bytes[16 * i: 16 * i + 16] for i in range(n)]
    return _Sample(
        career, nospec, city, employer, title, raw_prefix, raw_suffix, posted, expired,
        modeled, updated, duplicates, education, min_years, max_years, salary, sal_from,
        sal_to, pay_period, remote, employment, internship, skills, sources, source_seed,
        sectors, cip, url_hex,
    )


# ============================================================================ row building


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _soc_levels(soc: str) -> list[tuple[str, str]]:
    minor = soc[:5] + "00" if soc[:5] + "00" in SOC_NAMES else soc[:4] + "000"
    codes = [soc[:3] + "0000", minor, soc[:6] + "0", soc]
    return [(c, SOC_NAMES[c]) for c in codes]


_TITLE_IDS = {t: "ET" + _code(t, 16, "0123456789ABCDEF") for c in CAREERS for t, _ in c.titles}


def _title_fields(career: Career, title: int, prefix: int, suffix: int) -> dict[str, Any]:
    if title < 0:
        raw = ("Team Member", "Associate", "Position Available", "Hiring Now")[
            (prefix + suffix) % 4]
        return {"TITLE": "ET0000000000000000", "TITLE_NAME": UNCLASSIFIED,
                "TITLE_RAW": raw, "TITLE_CLEAN": raw.lower()}  # fmt: skip
    name = career.titles[title][0]
    raw = _RAW_PREFIX[prefix] + career.raw_titles[title] + _RAW_SUFFIX[suffix]
    clean = raw.lower().replace("sr.", "senior").split(" - ")[0].split(" (")[0]
    return {"TITLE": _TITLE_IDS[name], "TITLE_NAME": name, "TITLE_RAW": raw,
            "TITLE_CLEAN": clean}  # fmt: skip


_SKILL_ID = [s.id for s in SKILLS]
_SKILL_NAME = [s.name for s in SKILLS]
_SKILL_SPLITS = (
    ("SPECIALIZED_SKILLS", [s.type == "S" for s in SKILLS]),
    ("CERTIFICATIONS", [s.type == "T" for s in SKILLS]),
    ("COMMON_SKILLS", [s.type == "C" for s in SKILLS]),
    ("SOFTWARE_SKILLS", [s.software for s in SKILLS]),
)


def _skill_fields(skill_idx: Sequence[int]) -> dict[str, list[str]]:
    ids, names = _SKILL_ID, _SKILL_NAME
    out = {"SKILLS": [ids[j] for j in skill_idx], "SKILLS_NAME": [names[j] for j in skill_idx]}
    for col, flags in _SKILL_SPLITS:
        chosen = [j for j in skill_idx if flags[j]]
        out[col] = [ids[j] for j in chosen]
        out[col + "_NAME"] = [names[j] for j in chosen]
    return out


# Cells that depend only on the career / employer / city / education pattern; the lists in
# them are shared between rows and must never be changed in place.
def _career_cells(c: Career, specialized: bool) -> dict[str, Any]:
    occ, group, area = c.occupation, c.code // 10_000, c.code // 1_000_000
    row: dict[str, Any] = {}
    for level, (code, name) in zip((2, 3, 4, 5), _soc_levels(c.soc), strict=True):
        row[f"SOC_2021_{level}"], row[f"SOC_2021_{level}_NAME"] = code, name
        row[f"SOC_{level}"], row[f"SOC_{level}_NAME"] = code, name
    row["ONET"] = row["ONET_2019"] = c.onet
    row["ONET_NAME"] = row["ONET_2019_NAME"] = ONET_NAMES[c.onet]
    for prefix in ("LOT_", "LOT_V6_"):
        row[prefix + "CAREER_AREA"] = area
        row[prefix + "CAREER_AREA_NAME"] = CAREER_AREAS[area]
        row[prefix + "OCCUPATION_GROUP"] = group
        row[prefix + "OCCUPATION_GROUP_NAME"] = OCCUPATION_GROUPS[group]
        row[prefix + "OCCUPATION"] = occ
        row[prefix + "OCCUPATION_NAME"] = OCCUPATIONS[occ][0]
        row[prefix + "SPECIALIZED_OCCUPATION"] = c.code if specialized else None
        row[prefix + "SPECIALIZED_OCCUPATION_NAME"] = c.name if specialized else None
    return row


def _cip_cells(occ: int, k: int) -> dict[str, Any]:
    cips = _CIP[occ][:k]
    c4 = list(dict.fromkeys(code[:5] for code, _ in cips))
    c2 = list(dict.fromkeys(code[:2] for code, _ in cips))
    return {"CIP6": [x for x, _ in cips], "CIP6_NAME": [y for _, y in cips],
            "CIP4": c4, "CIP4_NAME": [_CIP_NAMES[x] for x in c4],
            "CIP2": c2, "CIP2_NAME": [_CIP_NAMES[x] for x in c2]}  # fmt: skip


def _employer_cells(e: Employer | None) -> dict[str, Any]:
    if e is None:
        row: dict[str, Any] = {"COMPANY": 0, "COMPANY_NAME": UNCLASSIFIED,
                               "COMPANY_IS_STAFFING": False}  # fmt: skip
        naics, naics22 = _NAICS["unclassified"]
    else:
        row = {"COMPANY": e.company_id, "COMPANY_NAME": e.name,
               "COMPANY_IS_STAFFING": e.staffing}  # fmt: skip
        naics, naics22 = _NAICS[e.naics]
    for level, (code, name) in zip((2, 3, 4, 5, 6), naics, strict=True):
        row[f"NAICS{level}"], row[f"NAICS{level}_NAME"] = code, name
    for level, (code, name) in zip((2, 3, 4, 5, 6), naics22 or naics, strict=True):
        row[f"NAICS_2022_{level}"], row[f"NAICS_2022_{level}_NAME"] = code, name
    return row


def _city_cells(city: City | None) -> dict[str, Any]:
    if city is None:
        row: dict[str, Any] = dict.fromkeys(
            ("LOCATION", "CITY", "CITY_NAME", "COUNTY", "COUNTY_NAME", "MSA", "MSA_NAME",
             "STATE", "STATE_NAME"))  # fmt: skip
    else:
        st = _STATE_ROWS[city.state]
        row = {"LOCATION": city.location, "CITY": _b64(city.name), "CITY_NAME": city.name,
               "COUNTY": city.county, "COUNTY_NAME": city.county_name, "MSA": city.msa,
               "MSA_NAME": city.msa_name, "STATE": st[0], "STATE_NAME": st[2]}  # fmt: skip
    for suffix in ("_OUTGOING", "_INCOMING"):
        row["COUNTY" + suffix], row["COUNTY_NAME" + suffix] = row["COUNTY"], row["COUNTY_NAME"]
        row["MSA" + suffix], row["MSA_NAME" + suffix] = row["MSA"], row["MSA_NAME"]
    return row


def _education_cells(edu: tuple[int, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {"EDUCATION_LEVELS": list(edu),
                           "EDUCATION_LEVELS_NAME": [EDUCATION_NAMES[e] for e in edu]}
    low = min(edu) if edu else None
    high = max(edu) if len(edu) > 1 else None
    row["MIN_EDULEVELS"] = low
    row["MIN_EDULEVELS_NAME"] = None if low is None else EDUCATION_NAMES[low]
    row["MAX_EDULEVELS"] = high
    row["MAX_EDULEVELS_NAME"] = None if high is None else EDUCATION_NAMES[high]
    return row


def _build_rows(sample: _Sample, ids: list[str], careers: Sequence[Career] = CAREERS,
                ) -> list[dict[str, Any]]:  # fmt: skip
    """Typed rows (dicts keyed by HEADER column, plus private `_*` keys; `_CAREER` is the
    Career sampled)."""
    career_cells = {(ci, spec): _career_cells(c, spec)
                    for ci, c in enumerate(careers) for spec in (True, False)}  # fmt: skip
    employer_cells = {-1: _employer_cells(None)}
    employer_cells.update({k: _employer_cells(e) for k, e in enumerate(EMPLOYERS)})
    city_cells = {-1: _city_cells(None)}
    city_cells.update({k: _city_cells(c) for k, c in enumerate(CITIES)})
    cip_cells = {(occ, k): _cip_cells(occ, k) for occ in OCCUPATIONS for k in range(4)}
    edu_cells: dict[tuple[int, ...], dict[str, Any]] = {}
    sector_cells = {s: {"LIGHTCAST_SECTORS": [s] if s else [],
                        "LIGHTCAST_SECTORS_NAME": [_LC_SECTORS[s]] if s else []}
                    for s in (0, *_LC_SECTORS)}  # fmt: skip
    n = len(ids)
    columns = (sample.career, sample.nospec, sample.posted, sample.expired, sample.updated,
               sample.modeled, sample.duplicates, sample.employer, sample.source_seed,
               sample.title, sample.raw_prefix, sample.raw_suffix, sample.employment,
               sample.min_years, sample.max_years, sample.internship, sample.remote,
               sample.salary, sample.salary_from, sample.salary_to, sample.pay_period,
               sample.city, sample.sources, sample.cip, sample.sectors)  # fmt: skip
    lists = [a[:n].tolist() for a in columns]
    rows: list[dict[str, Any]] = []
    for i, (ci, nospec, posted, expired, updated, modeled, dups, emp_i, seed, title, prefix,
            suffix, employment, my, xy, intern, remote, salary, sal_from, sal_to, pay, city_i,
            n_src, n_cip, sector) in enumerate(zip(*lists, strict=True)):  # fmt: skip
        c = careers[ci]
        row: dict[str, Any] = {"ID": ids[i], "_CAREER": c}
        row.update(career_cells[ci, not nospec])
        row.update(employer_cells[emp_i])
        row.update(city_cells[city_i])
        row.update(cip_cells[c.occupation, n_cip])
        row.update(sector_cells[sector])
        edu = sample.education[i]
        cells = edu_cells.get(edu)
        if cells is None:
            cells = edu_cells[edu] = _education_cells(edu)
        row.update(cells)
        row["POSTED"] = posted
        row["EXPIRED"] = expired if expired >= 0 else None
        row["DURATION"] = expired - posted if expired >= 0 else None
        row["MODELED_EXPIRED"] = posted + modeled
        row["MODELED_DURATION"] = modeled
        row["LAST_UPDATED_TIMESTAMP"] = updated
        row["LAST_UPDATED_DATE"] = updated // _MS_DAY + _EPOCH_ORD
        row["DUPLICATES"] = dups
        if emp_i >= 0:
            name = EMPLOYERS[emp_i].name
            row["COMPANY_RAW"] = (name, name + ", Inc.", name + " LLC", name.upper(),
                                  name + " - Careers")[seed % 5]  # fmt: skip
        else:
            row["COMPANY_RAW"] = ("Confidential", "Confidential Company", None,
                                  "Hiring Immediately")[seed % 4]  # fmt: skip
        row.update(_title_fields(c, title, prefix, suffix))
        row["EMPLOYMENT_TYPE"], row["EMPLOYMENT_TYPE_NAME"] = _EMPLOYMENT[employment - 1]
        row["MIN_YEARS_EXPERIENCE"] = my if my >= 0 else None
        row["MAX_YEARS_EXPERIENCE"] = xy if xy >= 0 else None
        row["IS_INTERNSHIP"] = intern
        row["REMOTE_TYPE"], row["REMOTE_TYPE_NAME"] = _REMOTE[remote]
        if salary >= 0:
            row.update(SALARY=salary, SALARY_FROM=sal_from, SALARY_TO=sal_to,
                       ORIGINAL_PAY_PERIOD="year", _PAY=("year", "hour", "month")[pay])
        else:
            row.update(SALARY=None, SALARY_FROM=None, SALARY_TO=None,
                       ORIGINAL_PAY_PERIOD=None, _PAY=None)
        row.update(_skill_fields(sample.skills[i]))

        boards = [_BOARDS[(seed >> (3 * k)) % len(_BOARDS)] for k in range(3)]
        if seed % 3 == 0:
            boards[0] = _FAMILY_BOARD[c.family]
        pool = list(dict.fromkeys(boards))[:n_src]
        if emp_i >= 0 and seed % 4 == 0:
            pool = [f"careers.{EMPLOYERS[emp_i].slug}.com", *pool][:n_src]
        hx = sample.url_hex[i]
        urls = [f"https://www.{d}/job/{hx}" if not d.startswith("careers.") else
                f"https://{d}/jobs/{int(hx[:8], 16)}" for d in pool]  # fmt: skip
        staffing = emp_i >= 0 and EMPLOYERS[emp_i].staffing
        types = sorted({"Company" if d.startswith("careers.") else
                        "Recruiter" if staffing else "Job Board" for d in pool})  # fmt: skip
        row["SOURCE_TYPES"], row["SOURCES"], row["URL"] = types, pool, urls
        row["ACTIVE_URLS"] = urls if expired < 0 else []
        row["ACTIVE_SOURCES_INFO"] = pool if expired < 0 else []

        company = row["COMPANY_NAME"] if emp_i >= 0 else "Our client"
        city_text = row["CITY_NAME"] or "multiple locations"
        names = row["SKILLS_NAME"]
        skill_text = ", ".join(names[:3]) if names else "a willingness to learn"
        row["BODY"] = (f"{row['TITLE_RAW']}\n{company} is hiring in {city_text}. "
                       f"Experience with {skill_text} is a plus.\n"
                       f"{_BODY_LINES[seed % len(_BODY_LINES)]}")  # fmt: skip
        rows.append(row)
    return rows


def _nearly_empty(row_id: str | None, posted: int | None, updated: int | None) -> dict:
    row: dict[str, Any] = dict.fromkeys(HEADER)
    row["ID"] = row_id
    row["POSTED"] = posted
    if updated is not None:
        row["LAST_UPDATED_TIMESTAMP"] = updated
        row["LAST_UPDATED_DATE"] = updated // _MS_DAY + _EPOCH_ORD
    return row


# ============================================================================ bad rows


class Raw(str):
    """A cell written verbatim whatever the dialect (a deliberately broken value)."""


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _mdy(ordinal: int) -> str:
    d = date.fromordinal(ordinal)
    return f"{d.month}/{d.day}/{d.year}"


def _skills_name_shorter(row: dict, dialect: str) -> None:
    names = list(row["SKILLS_NAME"])
    if names:
        row["SKILLS_NAME"] = names[:-1]
    else:
        row["SKILLS_NAME"] = ["Communication"]


def _skills_name_longer(row: dict, dialect: str) -> None:
    row["SKILLS_NAME"] = [*row["SKILLS_NAME"], "Communication"]


def _set(**cells: Any) -> Callable[[dict, str], None]:
    def apply(row: dict, dialect: str) -> None:
        for col, value in cells.items():
            row[col] = value(row, dialect) if callable(value) else value

    return apply


def _by_dialect(**values: Any) -> Callable[[dict, str], Any]:
    return lambda row, dialect: values[dialect] if dialect in values else values["other"]


def _expired_before(row: dict, dialect: str) -> None:
    row["EXPIRED"] = row["POSTED"] - 1 - (row["POSTED"] % 29)
    row["DURATION"] = None


_ALL = ("csv", "pipe", "pq_json", "pq_list", "real")
_TEXT = ("csv", "pipe", "pq_json", "real")  # dialects where any text can be written


@dataclass(frozen=True)
class _Breakage:
    name: str
    reasons: tuple[str, ...]
    dialects: tuple[str, ...]
    apply: Callable[[dict, str], None]
    keeps_id: bool = True


def _combine(*parts: Callable[[dict, str], None]) -> Callable[[dict, str], None]:
    def apply(row: dict, dialect: str) -> None:
        for part in parts:
            part(row, dialect)

    return apply


_JSON_SKILLS_NUMBERS = Raw('[\n  1,\n  2\n]')
BREAKAGES: tuple[_Breakage, ...] = (
    _Breakage("id_empty", (R_ID,), _ALL, _set(ID=None), keeps_id=False),
    _Breakage("id_blank", (R_ID,), _TEXT, _set(ID=Raw("   ")), keeps_id=False),
    _Breakage("posted_month_13_iso", (R_POSTED,), _ALL, _set(POSTED=Raw("2024-13-45"))),
    _Breakage("posted_month_13_mdy", (R_POSTED,), _ALL, _set(POSTED=Raw("13/45/2024"))),
    _Breakage("posted_word", (R_POSTED,), _ALL, _set(POSTED=Raw("yesterday"))),
    _Breakage("posted_empty", (R_POSTED,), _ALL, _set(POSTED=None)),
    _Breakage("posted_feb_29", (R_POSTED,), _ALL,
              _set(POSTED=_by_dialect(pipe=Raw("2023-02-29"), pq_list=Raw("2023-02-29"),
                                      other=Raw("2/29/2023")))),
    _Breakage("expired_word", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("soon"))),
    _Breakage("expired_slashes_iso", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("2024/06/31"))),
    _Breakage("expired_dashes_mdy", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("6-15-2024"))),
    _Breakage("expired_before_posted", (R_EXPIRED_BEFORE,), _ALL, _expired_before),
    _Breakage("state_3", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=3, other=Raw("3")))),
    _Breakage("state_99", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=99, other=Raw("99")))),
    _Breakage("state_14", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=14, other=Raw("14")))),
    _Breakage("state_letters", (R_STATE,), _TEXT, _set(STATE=Raw("CA"))),
    _Breakage("salary_negative", (R_SALARY,), _ALL,
              _set(SALARY=_by_dialect(pq_list=-5, other=Raw("-5")))),
    _Breakage("salary_exponent", (R_SALARY,), _TEXT, _set(SALARY=Raw("1e5"))),
    _Breakage("salary_separator", (R_SALARY,), _TEXT, _set(SALARY=Raw("12,000"))),
    _Breakage("salary_zero", (R_SALARY,), _ALL,
              _set(SALARY=_by_dialect(pq_list=0, other=Raw("0")))),
    _Breakage("salary_5m", (R_SALARY,), _ALL,
              _set(SALARY=_by_dialect(pq_list=5_000_000, other=Raw("5000000")))),
    _Breakage("salary_dollar", (R_SALARY,), _TEXT, _set(SALARY=Raw("$85000"))),
    _Breakage("years_decimal", (R_YEARS,), _TEXT, _set(MIN_YEARS_EXPERIENCE=Raw("2.5"))),
    _Breakage("years_61", (R_YEARS,), _ALL,
              _set(MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=61, other=Raw("61")))),
    _Breakage("years_negative", (R_YEARS,), _ALL,
              _set(MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=-1, other=Raw("-1")))),
    _Breakage("years_plus", (R_YEARS,), _TEXT, _set(MIN_YEARS_EXPERIENCE=Raw("3+"))),
    _Breakage("education_7", (R_EDUCATION,), _ALL, _set(EDUCATION_LEVELS=[2, 7])),
    _Breakage("education_string", (R_EDUCATION,), _TEXT,
              _set(EDUCATION_LEVELS=_by_dialect(pipe=Raw("2|Bachelor's degree"),
                                                other=["2"]))),
    _Breakage("education_float", (R_EDUCATION,), ("csv", "pq_json"),
              _set(EDUCATION_LEVELS=_by_dialect(csv=Raw("[\n  2.0\n]"), other=Raw("[2.0]")))),
    _Breakage("education_text", (R_EDUCATION,), _TEXT,
              _set(EDUCATION_LEVELS=Raw("Bachelor's degree"))),
    _Breakage("skills_broken_json", (R_SKILLS,), _TEXT, _set(SKILLS=Raw("[oops"))),
    _Breakage("skills_numbers", (R_SKILLS,), _TEXT,
              _set(SKILLS=_by_dialect(csv=_JSON_SKILLS_NUMBERS, other=Raw("[1, 2]")))),
    _Breakage("skills_null", (R_SKILLS,), _TEXT,
              _set(SKILLS=_by_dialect(csv=Raw('[\n  "KS1200364C9C1LK3V5Q1",\n  null\n]'),
                                      other=Raw('["KS1200364C9C1LK3V5Q1", null]')))),
    _Breakage("skills_name_shorter", (R_SKILLS_NAME,), _ALL, _skills_name_shorter),
    _Breakage("skills_name_longer", (R_SKILLS_NAME,), _ALL, _skills_name_longer),
    _Breakage("skills_name_broken_json", (R_SKILLS_NAME,), _TEXT,
              _set(SKILLS_NAME=Raw("[\"Python (Programming Language)\""))),
    # several problems at once
    _Breakage("multi_id_posted_state", (R_ID, R_POSTED, R_STATE), _TEXT,
              _set(ID=None, POSTED=Raw("yesterday"), STATE=Raw("CA")), keeps_id=False),
    _Breakage("multi_salary_years_education", (R_SALARY, R_YEARS, R_EDUCATION), _TEXT,
              _set(SALARY=Raw("12,000"), MIN_YEARS_EXPERIENCE=Raw("2.5"),
                   EDUCATION_LEVELS=[7])),
    _Breakage("multi_expired_skills", (R_EXPIRED, R_SKILLS), _TEXT,
              _set(EXPIRED=Raw("soon"), SKILLS=Raw("[oops"))),
    _Breakage("multi_posted_salary_names", (R_POSTED, R_SALARY, R_SKILLS_NAME), _ALL,
              _combine(_set(POSTED=Raw("13/45/2024"),
                            SALARY=_by_dialect(pq_list=0, other=Raw("0"))),
                       _skills_name_shorter)),
    _Breakage("multi_typed", (R_ID, R_STATE, R_YEARS, R_EDUCATION), _ALL,
              _set(ID=None, STATE=_by_dialect(pq_list=99, other=Raw("99")),
                   MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=61, other=Raw("61")),
                   EDUCATION_LEVELS=[2, 7]), keeps_id=False),
    _Breakage("multi_before_salary_state", (R_EXPIRED_BEFORE, R_SALARY, R_STATE), _ALL,
              _combine(_expired_before,
                       _set(SALARY=_by_dialect(pq_list=5_000_000, other=Raw("5000000")),
                            STATE=_by_dialect(pq_list=3, other=Raw("3"))))),
)


def _edge_state_pad(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("STATE") is None or row["STATE"] >= 10:
        return False
    row["STATE"] = Raw(f"{row['STATE']:02d}")
    return True


def _edge_state_space(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("STATE") is None:
        return False
    row["STATE"] = Raw(f" {row['STATE']} ")
    return True


def _edge_salary_decimal(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("SALARY") is None:
        return False
    row["SALARY"] = Raw(f"{row['SALARY']}.50")
    return True


def _edge_years_pad(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("MIN_YEARS_EXPERIENCE") is None:
        return False
    row["MIN_YEARS_EXPERIENCE"] = Raw(f"{row['MIN_YEARS_EXPERIENCE']:02d}")
    return True


def _edge_posted_pad(row: dict, dialect: str) -> bool:
    if dialect in ("pipe", "pq_list"):
        return False
    d = date.fromordinal(row["POSTED"])
    row["POSTED"] = Raw(f"{d.month:02d}/{d.day:02d}/{d.year}")
    return True


def _edge_expired_same_day(row: dict, dialect: str) -> bool:
    row["EXPIRED"], row["DURATION"] = row["POSTED"], 0
    row["ACTIVE_URLS"], row["ACTIVE_SOURCES_INFO"] = [], []
    return True


def _edge_education_pipe_spaces(row: dict, dialect: str) -> bool:
    if dialect != "pipe" or len(row["EDUCATION_LEVELS"]) < 2:
        return False
    row["EDUCATION_LEVELS"] = Raw(" | ".join(str(e) for e in row["EDUCATION_LEVELS"]))
    return True


_EDGES = (_edge_state_pad, _edge_state_space, _edge_salary_decimal, _edge_years_pad,
          _edge_posted_pad, _edge_expired_same_day, _edge_education_pipe_spaces)  # fmt: skip

# ============================================================================ rendering


class _Quoted(dict):
    """JSON text of list elements, memoized (skill ids and names repeat a lot)."""

    def __missing__(self, key: Any) -> str:
        value = json.dumps(key, ensure_ascii=False)
        if type(key) in (str, int):
            self[key] = value
        return value


class _DateText(dict):
    """Date ordinal -> text in one dialect's format."""

    def __init__(self, iso: bool) -> None:
        super().__init__()
        self.iso = iso

    def __missing__(self, key: int) -> str:
        value = self[key] = _iso(key) if self.iso else _mdy(key)
        return value


_GETTER = operator.itemgetter(*HEADER)
_BOOL_TEXT = {True: "true", False: "false"}


def _columns(rows: list[dict]) -> dict[str, list]:
    """Column name -> values, in HEADER order."""
    if not rows:
        return {col: [] for col in HEADER}
    return dict(zip(HEADER, map(list, zip(*map(_GETTER, rows), strict=True)), strict=True))


def _ts_text(ms: int, sep: str) -> str:
    days, rest = divmod(ms, _MS_DAY)
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return (f"{_iso(days + _EPOCH_ORD)}{sep}{hours:02d}:{minutes:02d}:{seconds:02d}."
            f"{millis:03d}")  # fmt: skip


def _render(values: list, col: str, dialect: str, quoted: _Quoted, dates: _DateText) -> list:
    """Cells of one column as the dialect writes them (None = empty; ints left to csv)."""
    kind = _COL_KIND[col]
    if kind in ("str", "int"):
        if dialect in ("csv", "pipe"):
            return values  # the csv module writes None as empty and ints as digits
        return [None if v is None else str(v) for v in values]
    if kind == "bool":
        return [_BOOL_TEXT[v] if type(v) is bool else v for v in values]
    if kind == "date":
        return [dates[v] if type(v) is int else v for v in values]
    if kind == "ts":
        sep = "T" if dialect == "pq_json" else " "
        return [_ts_text(v, sep) if type(v) is int else v for v in values]
    q = quoted.__getitem__
    if dialect == "csv":  # pretty-printed JSON arrays
        return [(("[\n  " + ",\n  ".join(map(q, v)) + "\n]") if v else "[]")
                if type(v) is list else v for v in values]  # fmt: skip
    if dialect == "pipe":  # '|'-joined; an empty list is an empty cell
        return ["|".join(map(str, v)) if type(v) is list else v for v in values]
    return ["[" + ", ".join(map(q, v)) + "]" if type(v) is list else v for v in values]


def _pay_period_lower(row: dict) -> str | None:
    pay = row.get("_PAY")
    if row.get("ORIGINAL_PAY_PERIOD") is None or pay is None:
        return None
    return {"year": "annual", "hour": "hourly", "month": "monthly"}[pay]


def _tmp(path: Path) -> Path:
    return path.with_name("." + path.name + ".tmp")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = _tmp(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_csv(path: Path, header: list[str], columns: list[list], newline: str,
               bom: bool = False) -> None:  # fmt: skip
    """RFC 4180 CSV (minimal quoting), gzip-compressed when the name ends with .gz."""
    tmp = _tmp(path)
    with open(tmp, "wb") as raw:
        gz = None
        if path.name.endswith(".gz"):  # fixed header (name, mtime 0): identical bytes per run
            gz = gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=raw, mtime=0,
                               compresslevel=6)  # fmt: skip
        text = io.TextIOWrapper(gz or raw, encoding="utf-8-sig" if bom else "utf-8",
                                newline="")  # fmt: skip
        writer = csv.writer(text, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))
        text.flush()
        text.detach()
        if gz is not None:
            gz.close()
    os.replace(tmp, path)


def _write_parquet(path: Path, table: pa.Table, compression: str) -> None:
    tmp = _tmp(path)
    pq.write_table(table, tmp, compression=compression)
    os.replace(tmp, path)


def _write_postings_file(path: Path, dialect: str, rows: list[dict], rng: np.random.Generator,
                         quoted: _Quoted) -> None:  # fmt: skip
    values = _columns(rows)
    dates = _DateText(iso=dialect in ("pipe", "pq_list"))
    if dialect == "csv":
        columns = [_render(values[col], col, dialect, quoted, dates) for col in HEADER]
        _write_csv(path, HEADER, columns, "\r\n" if path.name.endswith(".gz") else "\n")
    elif dialect == "pipe":
        cols = [c for c in HEADER if c not in DROPPED_IN_LOWER]
        order = [cols[i] for i in rng.permutation(len(cols))]
        rendered = {col: _render(values[col], col, dialect, quoted, dates) for col in order}
        rendered["ORIGINAL_PAY_PERIOD"] = [
            cell if isinstance(cell, Raw) else _pay_period_lower(r)
            for r, cell in zip(rows, rendered["ORIGINAL_PAY_PERIOD"], strict=True)
        ]
        header = [c.lower() for c in order]
        columns = [rendered[c] for c in order]
        # two unknown columns: the ISO week the posting was scraped in, and a language code
        weeks = [date.fromordinal(p).isocalendar() if type(p) is int else None
                 for p in values["POSTED"]]  # fmt: skip
        batch = [f"{w[0]}-W{w[1]:02d}" if w else None for w in weeks]
        language = ["es" if (d or 0) % 17 == 5 else "en" for d in values["DUPLICATES"]]
        header[3:3] = [EXTRA_IN_LOWER[0]]
        columns[3:3] = [batch]
        header.append(EXTRA_IN_LOWER[1])
        columns.append(language)
        _write_csv(path, header, columns, "\r\n", bom=True)
    elif dialect == "real":
        from samples.quirks import REAL_HEADER, real_sample_columns

        columns = [_render(col_values, like, "csv", quoted, dates)
                   for _, like, col_values in real_sample_columns(values)]  # fmt: skip
        _write_csv(path, REAL_HEADER, columns, "\n")
    elif dialect == "pq_json":
        arrays = [pa.array(_render(values[col], col, dialect, quoted, dates), type=pa.string())
                  for col in HEADER]  # fmt: skip
        _write_parquet(path, pa.Table.from_arrays(arrays, names=HEADER), "zstd")
    else:  # pq_list: typed columns, real lists
        arrays = []
        for col in HEADER:
            kind = _COL_KIND[col]
            if kind in ("int", "bool", "lint", "lstr"):
                if any(isinstance(v, Raw) for v in values[col]):
                    raise AssertionError(f"raw text in typed Parquet column {col}")
                typ = {"int": pa.int64(), "bool": pa.bool_(), "lint": pa.list_(pa.int64()),
                       "lstr": pa.list_(pa.string())}[kind]  # fmt: skip
                arrays.append(pa.array(values[col], type=typ))
            else:
                arrays.append(pa.array(_render(values[col], col, dialect, quoted, dates),
                                       type=pa.string()))  # fmt: skip
        _write_parquet(path, pa.Table.from_arrays(arrays, names=HEADER), "snappy")


# ============================================================================ skills & employment


def _write_skills(folder: Path) -> tuple[list[Path], int]:
    records = []
    for s in SKILLS:
        if not s.in_taxonomy:
            continue
        type_id, type_name = _TYPES[s.type]
        slug = re.sub(r"[^a-z0-9]+", "-", s.name.lower()).strip("-")
        records.append({
            "id": s.id, "name": s.name, "type": {"id": type_id, "name": type_name},
            "category": {"id": _CATEGORY_IDS[s.category], "name": s.category},
            "subcategory": {"id": _SUBCATEGORY_IDS[s.subcategory], "name": s.subcategory},
            "isSoftware": s.software, "isLanguage": s.language,
            "infoUrl": f"https://lightcast.io/open-skills/skills/{s.id}/{slug}",
        })  # fmt: skip
    json_path = folder / SKILLS_FILES[0]
    body = json.dumps({"data": records, "attributions": [], "meta": {"version": "9.14"}},
                      ensure_ascii=False, indent=1)  # fmt: skip
    _write_atomic(json_path, (body + "\n").encode("utf-8"))

    by_name = {s.name: s for s in SKILLS}
    renamed = {
        "PyTorch (Machine Learning Library)": "PyTorch (Deep Learning Framework)",
        "Communication": "Communications",
        "Registered Nurse (RN)": "Registered Nurse (RN) License",
    }
    extra_rows = [["id", "name", "type", "category", "subcategory", "is_software", "is_language"]]
    for old, new in renamed.items():
        s = by_name[old]
        extra_rows.append([s.id, new, _TYPES[s.type][1], s.category, s.subcategory,
                           str(s.software).lower(), str(s.language).lower()])  # fmt: skip
    for name, kind, category, sub, software in (
        ("Quantum Computing", "S", "Information Technology", "Computer Science", False),
        ("dbt (Data Build Tool)", "S", "Information Technology", "Data Management", True),
    ):
        extra_rows.append(["KS1" + _code(name, 17), name, _TYPES[kind][1], category, sub,
                           str(software).lower(), "false"])  # fmt: skip
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(extra_rows)
    csv_path = folder / SKILLS_FILES[1]
    _write_atomic(csv_path, buffer.getvalue().encode("utf-8"))
    return [json_path, csv_path], len(records)


def _write_employment(folder: Path, rng: np.random.Generator, end: date) -> tuple[Path, int, int]:
    years = list(range(FIRST_EMPLOYMENT_YEAR, end.year + 1))
    pop = np.array([r[5] for r in _STATE_ROWS if r[0] < 60])
    tech_idx = np.array([r[4] for r in _STATE_ROWS if r[0] < 60])
    states = [r for r in _STATE_ROWS if r[0] < 60]
    header = ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME",
              *[f"{y} Jobs" for y in years]]  # fmt: skip
    rows: list[list[str]] = [header]
    suppressed = 0
    shocks = {2020: -0.035, 2021: 0.01}
    for occ, (name, base, growth, tech) in OCCUPATIONS.items():
        level = [base * (1 + rng.normal(0, 0.01))]
        for y in years[1:]:
            step = growth + shocks.get(y, 0.0) + rng.normal(0, 0.006)
            if occ == 311010 and y == 2020:
                step += 0.03  # nurses grew through the pandemic
            level.append(level[-1] * (1 + step))
        national = np.array(level)
        share = pop * (tech_idx**1.6 if tech else np.ones_like(pop))
        share = share / share.sum() * np.exp(rng.normal(0, 0.08, size=len(share)))
        drift = rng.normal(0, 0.01, size=(len(share), len(years))).cumsum(axis=1)
        by_state = national[None, :] * share[:, None] * np.exp(drift)
        table = [("US", "United States", national)] + [
            (str(st[0]), st[2], by_state[k]) for k, st in enumerate(states)
        ]
        for area, area_name, values in table:
            cells = []
            for value in values:
                jobs = int(round(float(value)))
                if jobs < 10:
                    cells.append("<10")
                    suppressed += 1
                else:
                    cells.append(f"{jobs:,}")
            rows.append([str(occ), name, area, area_name, *cells])
    # a few empty cells (not yet published / withheld)
    for _ in range(max(3, len(rows) // 60)):
        r = 2 + int(rng.integers(len(rows) - 2))
        c = 4 + int(rng.integers(len(years)))
        if rows[r][c] == "<10":
            suppressed -= 1
        rows[r][c] = ""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = folder / EMPLOYMENT_FILE
    _write_atomic(path, buffer.getvalue().encode("utf-8"))
    return path, len(rows) - 1, suppressed


# ============================================================================ main


def _ids(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.integers(0, 256, size=(n, 20), dtype=np.uint8).tobytes().hex()
    return [raw[40 * i: 40 * i + 40] for i in range(n)]


def _update_key(row: dict) -> tuple[int, int]:
    ts = row.get("LAST_UPDATED_TIMESTAMP")
    if ts is not None:
        return (1, ts)
    day = row.get("LAST_UPDATED_DATE")
    if day is not None:
        return (1, (day - _EPOCH_ORD) * _MS_DAY)
    return (0, 0)


_UPDATE_KINDS = (
    # kind, share of update cases
    ("newer", 0.50), ("tie", 0.14), ("older", 0.10), ("date_only_newer", 0.05),
    ("date_only_same_day", 0.04), ("newer_in_earlier_file", 0.05), ("same_file_tie", 0.03),
    ("chain", 0.04), ("rejected_reuse", 0.05),
)


# Re-versions never involve the real-sample file: without LAST_UPDATED_TIMESTAMP its versions
# tie with others of the same day, which would change the winner an update kind stands for.
def _later_file(rng: np.random.Generator, after: int) -> int:
    choices = [f for f in range(after + 1, len(POSTINGS_FILES)) if _DIALECT[f] != "real"]
    weights = [6.0 if f == len(POSTINGS_FILES) - 1 else 1.0 for f in choices]
    return choices[int(rng.choice(len(choices), p=_weights(weights)))]


def _earlier_file(rng: np.random.Generator, before: int) -> int:
    choices = [f for f in range(before) if _DIALECT[f] != "real"]
    return choices[int(rng.integers(len(choices)))]


def _revise(row: dict, rng: np.random.Generator, stamp: int | None, day: int | None) -> dict:
    """A new version of a posting row: new update time, changed salary/title/expiry."""
    new = dict(row)
    for col in LIST_COLUMNS:
        if isinstance(new.get(col), list):
            new[col] = list(new[col])
    new["LAST_UPDATED_TIMESTAMP"] = stamp
    new["LAST_UPDATED_DATE"] = day if stamp is None else stamp // _MS_DAY + _EPOCH_ORD
    new["DUPLICATES"] = (row.get("DUPLICATES") or 0) + 1 + int(rng.integers(3))
    career = row["_CAREER"]
    if row.get("SALARY") is not None and rng.random() < 0.6:
        factor = float(rng.uniform(0.94, 1.12))
        lo = int(round(row["SALARY_FROM"] * factor, -3))
        hi = max(lo, int(round(row["SALARY_TO"] * factor, -3)))
        new.update(SALARY_FROM=lo, SALARY_TO=hi, SALARY=(lo + hi) // 2)
    elif row.get("SALARY") is None and rng.random() < 0.3:
        mid = career.salary * float(np.exp(rng.normal(0, 0.2)))
        lo, hi = int(round(mid * 0.92, -3)), int(round(mid * 1.08, -3))
        new.update(SALARY_FROM=lo, SALARY_TO=hi, SALARY=(lo + hi) // 2,
                   ORIGINAL_PAY_PERIOD="year", _PAY="year")
    if rng.random() < 0.35 and row.get("TITLE_NAME") != UNCLASSIFIED:
        t = int(rng.integers(len(career.titles)))
        new.update(_title_fields(career, t, int(rng.integers(len(_RAW_PREFIX))), 0))
    last_day = day if stamp is None else stamp // _MS_DAY + _EPOCH_ORD
    if row.get("EXPIRED") is None and rng.random() < 0.4 and last_day > row["POSTED"]:
        expired = row["POSTED"] + int(rng.integers(1, last_day - row["POSTED"] + 1))
        new.update(EXPIRED=expired, DURATION=expired - row["POSTED"], ACTIVE_URLS=[],
                   ACTIVE_SOURCES_INFO=[])
    return new


def generate_export(out_dir: Path, postings: int = 50_000, seed: int = 42,
                    end: date | None = None, profile: str = "dense",
                    progress: Callable[[str, int], None] | None = None,
                    ) -> GenerationReport:  # fmt: skip
    """Write a full synthetic export under out_dir; deterministic for (postings, seed, end,
    profile).

    Rewrites the same files on every run (postings/, skills/, employment/ with the BLS OEWS
    files of samples/bls.py, onet/: see samples/onet.py); other files in those folders are left
    alone. `end` (default: today, UTC) is the last POSTED date. `profile`: `dense` (a few
    careers of many postings) or `sparse` (samples/profiles.py: most careers have 1-3 postings,
    most postings 0-2 skills, as in a real small export). `progress(name, rows)` is called after
    each file is written (name relative to out_dir).
    """
    # ~50k row dicts: the cyclic garbage collector would spend a third of the run scanning them
    enabled = gc.isenabled()
    gc.disable()
    try:
        report = _generate(Path(out_dir), postings, seed, end or datetime.now(UTC).date(), profile,
                           progress or (lambda name, rows: None))
    finally:
        if enabled:
            gc.enable()
    before = len(report.files)
    report = onet.add_to_export(report)
    for path in report.files[before:]:
        name = path.relative_to(report.out_dir).as_posix()
        (progress or (lambda name, rows: None))(name, report.rows_per_file[name])
    return report


def _generate(out_dir: Path, postings: int, seed: int, end: date, profile_name: str,
              progress: Callable[[str, int], None]) -> GenerationReport:  # fmt: skip
    from samples import quirks
    from samples.profiles import profile_named

    if postings < 0:
        raise ValueError("postings must be >= 0")
    profile = profile_named(profile_name)
    end_ord = end.toordinal()
    end_ms = (end_ord - _EPOCH_ORD + 1) * _MS_DAY - 1
    rng = np.random.default_rng([seed, 7_919])
    folders = {k: out_dir / k for k in ("postings", "skills", "employment")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)

    n_updates = round(0.05 * postings)
    n_empty = max(3, round(0.001 * postings)) if postings else 0
    n_empty_valid = n_empty // 3 if postings else 0
    n_empty_bad = n_empty - n_empty_valid
    n_fresh_bad = max(len(BREAKAGES), round(0.0085 * (postings + n_updates)))
    n_sample = postings + n_fresh_bad
    sample = _sample(rng, n_sample, end_ord, profile.careers, profile.assign, profile.pick_skills)
    ids = _ids(rng, n_sample + n_empty_bad)
    assert len(set(ids)) == len(ids)
    base_rows = _build_rows(sample, ids[:n_sample], profile.careers)
    # The quirks of a real delivery draw from their own stream: the rest stays as it was.
    onet.vary_posting_onet(base_rows)  # before any row is copied into a new version
    quirk_rng = np.random.default_rng([seed, 22])
    quirks.unclassify(base_rows, quirk_rng)
    quirks.pad_names(base_rows, quirk_rng)
    originals, fresh_bad = base_rows[:postings], base_rows[postings:]

    # placement: (file index, row, reasons it breaks); `tail` rows go after the shuffle
    file_of = rng.choice(len(POSTINGS_FILES), size=postings, p=_weights(_FILE_WEIGHTS))
    placed: list[tuple[int, dict, tuple[str, ...]]] = []
    tail: list[tuple[int, dict, tuple[str, ...]]] = []  # appended after a file's shuffle
    for i, row in enumerate(originals):
        row["_FILE"] = int(file_of[i])
        placed.append((int(file_of[i]), row, ()))

    # nearly-empty rows: some valid (ID + POSTED + update time), some rejected
    order = rng.permutation(postings) if postings else np.array([], dtype=np.int64)
    taken: set[int] = set()
    for k in range(n_empty_valid):
        i = int(order[k])
        taken.add(i)
        row = originals[i]
        blank = _nearly_empty(row["ID"], row["POSTED"], row["LAST_UPDATED_TIMESTAMP"])
        blank["_FILE"] = row["_FILE"]
        originals[i] = blank
        placed[i] = (row["_FILE"], blank, ())
    for k in range(n_empty_bad):
        f = int(rng.choice(len(POSTINGS_FILES), p=_weights(_FILE_WEIGHTS)))
        if k % 2 == 0:
            blank = _nearly_empty(None, None, None)
            reasons: tuple[str, ...] = (R_ID, R_POSTED)
        else:
            blank = _nearly_empty(ids[n_sample + k], None, None)
            blank["LAST_UPDATED_DATE"] = end_ord - int(rng.integers(0, 400))
            reasons = (R_POSTED,)
        placed.append((f, blank, reasons))

    # valid-but-unusual cells
    n_edges = 0
    for k in range(max(len(_EDGES) * 2, round(0.001 * postings)) if postings > 50 else 0):
        i = int(order[(n_empty_valid + k) % postings])
        if i in taken:
            continue
        row = originals[i]
        if _EDGES[k % len(_EDGES)](row, _DIALECT[row["_FILE"]]):
            taken.add(i)
            n_edges += 1

    # updates / ties / older versions / rejected reuse of valid IDs
    update_kind: dict[str, str] = {}
    candidates = [int(i) for i in order if int(i) not in taken]
    pos = 0
    plan = [(kind, max(1, round(share * n_updates)) if n_updates >= 20 else
             round(share * n_updates)) for kind, share in _UPDATE_KINDS]  # fmt: skip
    reuse_breakages = [b for b in BREAKAGES if b.keeps_id]
    n_update_rows = 0
    for kind, count in plan:
        made = 0
        while made < count and pos < len(candidates):
            i = candidates[pos]
            pos += 1
            orig = originals[i]
            fo, ts0 = orig["_FILE"], orig["LAST_UPDATED_TIMESTAMP"]
            if _DIALECT[fo] == "real":
                continue
            day0 = ts0 // _MS_DAY + _EPOCH_ORD
            last = len(POSTINGS_FILES) - 1
            if kind in ("newer", "tie", "older", "date_only_newer", "date_only_same_day",
                        "chain", "rejected_reuse") and fo == last:
                continue
            if kind == "newer_in_earlier_file" and fo == 0:
                continue
            room = end_ms - ts0
            if kind in ("newer", "chain", "newer_in_earlier_file", "rejected_reuse") and room < 2:
                continue
            if kind == "date_only_newer" and day0 >= end_ord:
                continue
            posted_ms = (orig["POSTED"] - _EPOCH_ORD) * _MS_DAY
            if kind == "older" and ts0 - posted_ms < 2:
                continue
            new_rows: list[tuple[int, dict, tuple[str, ...], bool]] = []
            if kind in ("newer", "newer_in_earlier_file"):
                stamp = ts0 + 1 + int(rng.integers(min(room - 1, 45 * _MS_DAY)))
                f = _later_file(rng, fo) if kind == "newer" else _earlier_file(rng, fo)
                new_rows.append((f, _revise(orig, rng, stamp, None), (), False))
            elif kind == "tie":
                new_rows.append((_later_file(rng, fo), _revise(orig, rng, ts0, None), (), False))
            elif kind == "older":
                stamp = ts0 - 1 - int(rng.integers(min(ts0 - posted_ms - 1, 20 * _MS_DAY)))
                new_rows.append((_later_file(rng, fo), _revise(orig, rng, stamp, None), (),
                                 False))  # fmt: skip
            elif kind == "date_only_newer":
                day = min(end_ord, day0 + 1 + int(rng.integers(10)))
                new_rows.append((_later_file(rng, fo), _revise(orig, rng, None, day), (), False))
            elif kind == "date_only_same_day":
                new_rows.append((_later_file(rng, fo), _revise(orig, rng, None, day0), (),
                                 False))  # fmt: skip
            elif kind == "same_file_tie":
                new_rows.append((fo, _revise(orig, rng, ts0, None), (), True))
            elif kind == "chain":
                f1 = _later_file(rng, fo)
                s1 = ts0 + 1 + int(rng.integers(min(room - 1, 20 * _MS_DAY)))
                first = _revise(orig, rng, s1, None)
                s2 = min(end_ms, s1 + 1 + int(rng.integers(20 * _MS_DAY)))
                f2 = f1 if f1 == last else _later_file(rng, f1)
                new_rows.append((f1, first, (), f1 == fo))
                new_rows.append((f2, _revise(first, rng, s2, None), (), f2 == f1))
            else:  # rejected_reuse: a broken row with a valid ID and a later update time
                f = _later_file(rng, fo)
                breakage = reuse_breakages[made % len(reuse_breakages)]
                if _DIALECT[f] not in breakage.dialects:
                    f = len(POSTINGS_FILES) - 1
                stamp = ts0 + 1 + int(rng.integers(min(max(room - 1, 1), 30 * _MS_DAY)))
                bad = _revise(orig, rng, stamp, None)
                breakage.apply(bad, _DIALECT[f])
                bad["_BREAKAGE"] = breakage.name
                new_rows.append((f, bad, breakage.reasons, False))
            for f, row, reasons, same_file in new_rows:
                row["_FILE"] = f
                (tail if same_file else placed).append((f, row, reasons))
                if not reasons:
                    n_update_rows += 1
            update_kind[orig["ID"]] = kind
            made += 1

    # fresh broken rows: every breakage at least once, then round robin
    for k, row in enumerate(fresh_bad):
        breakage = BREAKAGES[k % len(BREAKAGES)]
        allowed = [f for f in range(len(POSTINGS_FILES)) if _DIALECT[f] in breakage.dialects]
        f = allowed[int(rng.choice(len(allowed), p=_weights([_FILE_WEIGHTS[a] + 0.02
                                                             for a in allowed])))]  # fmt: skip
        breakage.apply(row, _DIALECT[f])
        row["_BREAKAGE"] = breakage.name
        placed.append((f, row, breakage.reasons))

    # order rows inside each file; write
    per_file: list[list[tuple[dict, tuple[str, ...]]]] = [[] for _ in POSTINGS_FILES]
    for f, row, reasons in placed:
        per_file[f].append((row, reasons))
    for f in range(len(POSTINGS_FILES)):
        perm = rng.permutation(len(per_file[f]))
        per_file[f] = [per_file[f][int(p)] for p in perm]
    for f, row, reasons in tail:
        per_file[f].append((row, reasons))

    quoted = _Quoted()
    files: list[Path] = []
    rows_per_file: dict[str, int] = {}
    bad_by_reason = dict.fromkeys(REASONS, 0)
    bad_by_file: dict[str, int] = {}
    versions: dict[str, list[tuple[tuple, str, int, bool]]] = {}
    bad_rows = 0
    for f, name in enumerate(POSTINGS_FILES):
        entries = per_file[f]
        path = folders["postings"] / name
        if _DIALECT[f] == "real":  # before the update keys below: no timestamp in this file
            quirks.as_real_sample([r for r, _ in entries], [not why for _, why in entries],
                                  quirk_rng)  # fmt: skip
        _write_postings_file(path, _DIALECT[f], [r for r, _ in entries], rng, quoted)
        files.append(path)
        rows_per_file[f"postings/{name}"] = len(entries)
        progress(f"postings/{name}", len(entries))
        bad_by_file[name] = 0
        for number, (row, reasons) in enumerate(entries, start=1):
            if reasons:
                bad_rows += 1
                bad_by_file[name] += 1
                for reason in reasons:
                    bad_by_reason[reason] += 1
            row_id = row.get("ID")
            if isinstance(row_id, str) and not isinstance(row_id, Raw):
                key = (_update_key(row), f, number)
                versions.setdefault(row_id, []).append((key, name, number, not reasons))

    updates: list[UpdateCase] = []
    distinct = 0
    for row_id, vs in versions.items():
        valid = [v for v in vs if v[3]]
        distinct += bool(valid)
        if len(vs) > 1 and valid:
            best = max(valid, key=lambda v: v[0])
            ordered = sorted(vs, key=lambda v: (v[0][1], v[0][2]))
            updates.append(UpdateCase(row_id, update_kind.get(row_id, "?"),
                                      [(v[1], v[2]) for v in ordered], (best[1], best[2])))
    updates.sort(key=lambda u: u.id)

    skill_files, n_taxonomy = _write_skills(folders["skills"])
    emp_path, emp_rows, suppressed = _write_employment(folders["employment"], rng, end)
    files += skill_files + [emp_path]
    for p in skill_files:
        rows_per_file[f"skills/{p.name}"] = (n_taxonomy if p.suffix == ".json" else
                                             p.read_text(encoding="utf-8").count("\n") - 1)
    rows_per_file[f"employment/{emp_path.name}"] = emp_rows
    from samples.bls import write_oews  # BLS OEWS yearly files (samples/bls.py)

    for path, n in write_oews(folders["employment"], seed, end).items():
        files.append(path)
        rows_per_file[f"employment/{path.name}"] = n

    for rel, rows in rows_per_file.items():
        if not rel.startswith("postings/"):
            progress(rel, rows)
    return GenerationReport(
        out_dir=out_dir, seed=seed, end=end, files=files, rows_per_file=rows_per_file,
        postings_rows=sum(len(e) for e in per_file), bad_rows=bad_rows, distinct_ids=distinct,
        update_rows=n_update_rows, nearly_empty_rows=n_empty, edge_rows=n_edges,
        bad_by_reason=bad_by_reason, bad_by_file=bad_by_file, updates=updates,
        taxonomy_skills=n_taxonomy,
        skills_missing_from_taxonomy=[s.id for s in SKILLS if not s.in_taxonomy],
        employment_rows=emp_rows, suppressed_cells=suppressed,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m samples.generate OUT_DIR [--postings N] [--seed S] [--end YYYY-MM-DD]
    [--profile dense|sparse]`."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end", type=date.fromisoformat, default=None)
    parser.add_argument("--profile", choices=("dense", "sparse"), default="dense")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = generate_export(args.out_dir, args.postings, args.seed, args.end, args.profile)
    elapsed = time.perf_counter() - started
    for rel, count in report.rows_per_file.items():
        size = (report.out_dir / rel).stat().st_size
        print(f"{rel:45s} {count:8d} rows {size:12,d} bytes")
    print(f"{report.postings_rows} postings rows ({report.bad_rows} bad, "
          f"{report.update_rows} updates) in {elapsed:.2f}s")


if __name__ == "__main__":
    main()
