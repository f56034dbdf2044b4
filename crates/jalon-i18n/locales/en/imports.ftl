# The problems of an imported file (plans, inventories, activity data), read by jalon-io:
# where (`import-where-*`) and what. Values quoted from the file are shown as they are.

## Where

import-where-sheet = sheet { $sheet }
import-where-row = row { $row }
import-where-column = column { $column }
import-where-bibtex = line { $line } @{ $key }
import-where-document = document { $number }
import-where-document-id = document { $number } ({ $id })

## The file

import-unknown-format = unknown file format: expected .xlsx, .csv, .yaml or .json
import-not-utf8 = the file is not UTF-8 (offset { $offset })
import-csv-not-utf8 = the file is not UTF-8 (invalid byte at offset { $offset }): save it as "CSV UTF-8"
import-empty-file = empty file
import-empty-sheet = empty sheet
import-not-a-workbook = this is not a readable XLSX workbook ({ $error })

## The sheets and columns of a plan

import-unknown-sheet = unknown sheet "{ $sheet }": expected sheets are { $expected } (prefix a sheet with _ to have it ignored)
import-sheet-twice = this sheet appears twice
import-unreadable-sheet = unreadable sheet ({ $error })
import-required-sheet-missing = the required sheet "{ $sheet }" is missing
import-duplicate-column = duplicate column
import-unknown-column = unknown column "{ $column }"
import-unknown-column-expected = unknown column "{ $column }"; possible columns: { $expected }
import-required-column-missing = required column "{ $column }" is missing
import-column-missing = column "{ $column }" is missing
import-csv-type-missing = column "Type" is missing: it says which record each row is (Axes, Objectives, Actions…)
import-csv-too-many-values = { $values } values for { $columns } header columns
import-csv-unknown-type = unknown type "{ $type }"; possible types: { $expected }
import-csv-column-not-for-type = this column does not apply to { $type } rows
import-csv-no-row-of-type = no row of type "{ $type }"

## The values of a plan

import-required-value = required value is missing
import-not-a-number = "{ $value }" is not a number (expected digits, e.g. 12.5)
import-not-a-year-example = "{ $value }" is not a year (expected e.g. 2027)
import-not-a-count = "{ $value }": expected a whole number from 0 to { $max }
import-amount-decimals = "{ $value }": an amount has at most two decimals
import-not-an-amount = "{ $value }" is not an amount in euros ({ $error })
import-not-a-date = "{ $value }" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)
import-not-yes-or-no = "{ $value }": expected yes or no
import-not-an-allowed-value = "{ $value }" is not an allowed value ({ $expected })
import-baseline-incomplete = a baseline needs both a year and a value
import-strategy-missing = the strategy (one row) is missing
import-strategy-twice = only one strategy row is allowed
import-period-reversed = the period ends ({ $end }) before it starts ({ $start })
import-duplicate-unit-code = duplicate unit code { $code }
import-not-a-share = "{ $value }": expected a fraction between 0 and 1 (e.g. 0.5)
import-unknown-parent-unit = unknown parent unit "{ $unit }"
import-duplicate-person = duplicate person "{ $name }"
import-unknown-unit = unknown unit "{ $unit }" (see the Units sheet)
import-unknown-axis = unknown axis "{ $axis }" (see the Axes sheet)
import-unknown-owner = unknown owner "{ $owner }": neither a person (People sheet) nor a unit (Units sheet)
import-rate-missing = an annual-rate trajectory needs the rate (e.g. -5)
import-rate-without-trajectory = an annual rate is given: set the trajectory to "annual_rate"
import-unknown-person = unknown person "{ $name }": add them to the People sheet
import-not-an-sdg = "{ $value }" is not an SDG (1 to 17) nor an SDG target (e.g. 13.2)
import-not-a-value = "{ $value }" is not a value ({ $error })
import-value-twice = indicator { $indicator } already has a value for { $period }
import-unknown-indicator = unknown indicator "{ $indicator }" (see the Indicators sheet)
import-code-used = code { $code } is already used (sheet { $sheet }, row { $row })
import-unknown-objective = unknown objective "{ $objective }" (see the Objectives sheet)
import-unknown-action = unknown action "{ $action }" (see the Actions sheet)

## The inventories: projects, courses, publications

import-title-missing = title is missing
import-not-a-year-formats = "{ $value }" is not a year (2021, 2021-09-01 or 01/09/2021)
import-end-before-start = the end ({ $end }) is before the start ({ $start })
import-programme-missing = programme is missing
import-course-title-missing = course title is missing
import-not-a-positive-number = "{ $value }" is not a positive number
import-not-mandatory-or-elective = "{ $value }": expected mandatory or elective
import-not-a-year = "{ $value }" is not a year
import-not-a-doi = "{ $value }" is not a DOI (10.xxxx/…)
import-hal-csv-title-missing = column "title_s" is missing: is this a HAL CSV export?
import-unreadable-json = unreadable JSON: { $error }
import-hal-json-no-docs = neither "response.docs" nor a list of documents: is this a HAL JSON export?
import-not-a-json-object = not a JSON object
import-no-bibtex-entry = no BibTeX entry (@article{ "{" }…{ "}" })
import-no-publication = no publication in the file

## The activity data of a carbon inventory

import-not-a-beges-post = "{ $value }" is not a BEGES post (1.1 to 6.1)
import-negative-quantity = negative quantity ({ $value })
import-not-a-quantity = "{ $value }" is not a quantity
import-unknown-activity-unit = unknown unit "{ $unit }" (kWh, MWh, litre, m3, kg, t, passenger.km, vehicle.km, €, k€, unit…)
import-unknown-factor = factor "{ $factor }" is not in set { $set }
import-unit-mismatch = the unit does not match factor { $factor } ({ $error })
import-unknown-quality = unknown quality "{ $value }" (measured, calculated, estimated, extrapolated or a percentage)
import-label-missing = label is missing

## Bounds of a workbook (jalon_io::xlsx)
import-no-sheet = the workbook has no sheet to read
import-workbook-too-large = the workbook expands to more than { $limit } MB, beyond what Jalon reads: save it as CSV or split it
import-workbook-too-many-parts = the workbook holds more than { $limit } parts: this is not an ordinary workbook
import-sheet-too-many-cells = the sheet holds more than { $limit } cells (counting the empty ones up to the last filled column): split it or save it as CSV
import-sheet-too-many-columns = the sheet uses more than { $limit } columns: a cell is filled far to the right; delete it
