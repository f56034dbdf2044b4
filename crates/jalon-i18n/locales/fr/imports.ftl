# Les problèmes d'un fichier importé (plans, inventaires, données d'activité), lus par
# jalon-io : où (`import-where-*`) et quoi. Les valeurs citées du fichier restent telles quelles.

## Où

import-where-sheet = feuille { $sheet }
import-where-row = ligne { $row }
import-where-column = colonne { $column }
import-where-bibtex = ligne { $line } @{ $key }
import-where-document = document { $number }
import-where-document-id = document { $number } ({ $id })

## Le fichier

import-unknown-format = format de fichier inconnu : attendu .xlsx, .csv, .yaml ou .json
import-not-utf8 = le fichier n'est pas en UTF-8 (position { $offset })
import-csv-not-utf8 = le fichier n'est pas en UTF-8 (octet invalide à la position { $offset }) : enregistrez-le en « CSV UTF-8 »
import-empty-file = fichier vide
import-empty-sheet = feuille vide
import-not-a-workbook = ce n'est pas un classeur XLSX lisible ({ $error })

## Les feuilles et les colonnes d'un plan

import-unknown-sheet = feuille inconnue « { $sheet } » : les feuilles attendues sont { $expected } (préfixez d'un _ une feuille à ignorer)
import-sheet-twice = cette feuille apparaît deux fois
import-unreadable-sheet = feuille illisible ({ $error })
import-required-sheet-missing = la feuille obligatoire « { $sheet } » est absente
import-duplicate-column = colonne en double
import-unknown-column = colonne inconnue « { $column } »
import-unknown-column-expected = colonne inconnue « { $column } » ; colonnes possibles : { $expected }
import-required-column-missing = colonne obligatoire « { $column } » absente
import-column-missing = colonne « { $column } » absente
import-csv-type-missing = colonne « Type » absente : elle dit à quelle feuille appartient chaque ligne (Axes, Objectifs, Actions…)
import-csv-too-many-values = { $values } valeurs pour { $columns } colonnes d'en-tête
import-csv-unknown-type = type « { $type } » inconnu ; types possibles : { $expected }
import-csv-column-not-for-type = cette colonne ne s'applique pas aux lignes de type { $type }
import-csv-no-row-of-type = aucune ligne de type « { $type } »

## Les valeurs d'un plan

import-required-value = valeur obligatoire manquante
import-not-a-number = « { $value } » n'est pas un nombre (attendu : des chiffres, ex. 12,5)
import-not-a-year-example = « { $value } » n'est pas une année (attendu : ex. 2027)
import-not-a-count = « { $value } » : attendu un entier entre 0 et { $max }
import-amount-decimals = « { $value } » : un montant a au plus deux décimales
import-not-an-amount = « { $value } » n'est pas un montant en euros ({ $error })
import-not-a-date = « { $value } » n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)
import-not-yes-or-no = « { $value } » : attendu oui ou non
import-not-an-allowed-value = « { $value } » n'est pas une valeur permise ({ $expected })
import-baseline-incomplete = la référence demande une année et une valeur
import-strategy-missing = la stratégie (une ligne) est absente
import-strategy-twice = une seule ligne de stratégie est permise
import-period-reversed = la période finit ({ $end }) avant de commencer ({ $start })
import-duplicate-unit-code = code d'unité { $code } en double
import-not-a-share = « { $value } » : attendu une fraction entre 0 et 1 (ex. 0,5)
import-unknown-parent-unit = unité parente « { $unit } » inconnue
import-duplicate-person = personne « { $name } » en double
import-unknown-unit = unité « { $unit } » inconnue (voir la feuille Unités)
import-unknown-axis = axe « { $axis } » inconnu (voir la feuille Axes)
import-unknown-owner = responsable « { $owner } » inconnu : ni une personne (feuille Personnes) ni une unité (feuille Unités)
import-rate-missing = une trajectoire à taux annuel demande le taux (ex. -5)
import-rate-without-trajectory = un taux annuel est donné : indiquez la trajectoire « taux annuel »
import-unknown-person = personne « { $name } » inconnue : ajoutez-la à la feuille Personnes
import-not-an-sdg = « { $value } » n'est pas un ODD (1 à 17) ni une cible ODD (ex. 13.2)
import-not-a-value = « { $value } » n'est pas une valeur ({ $error })
import-value-twice = l'indicateur { $indicator } a déjà une valeur pour { $period }
import-unknown-indicator = indicateur « { $indicator } » inconnu (voir la feuille Indicateurs)
import-code-used = le code { $code } est déjà utilisé (feuille { $sheet }, ligne { $row })
import-unknown-objective = objectif « { $objective } » inconnu (voir la feuille Objectifs)
import-unknown-action = action « { $action } » inconnue (voir la feuille Actions)

## Les inventaires : projets, cours, publications

import-title-missing = titre manquant
import-not-a-year-formats = « { $value } » n'est pas une année (2021, 2021-09-01 ou 01/09/2021)
import-end-before-start = la fin ({ $end }) précède le début ({ $start })
import-programme-missing = formation manquante
import-course-title-missing = intitulé du cours manquant
import-not-a-positive-number = « { $value } » n'est pas un nombre positif
import-not-mandatory-or-elective = « { $value } » : attendu obligatoire ou optionnel
import-not-a-year = « { $value } » n'est pas une année
import-not-a-doi = « { $value } » n'est pas un DOI (10.xxxx/…)
import-hal-csv-title-missing = colonne « title_s » absente : est-ce un export CSV de HAL ?
import-unreadable-json = JSON illisible : { $error }
import-hal-json-no-docs = ni « response.docs » ni une liste de documents : est-ce un export JSON de HAL ?
import-not-a-json-object = ce n'est pas un objet JSON
import-no-bibtex-entry = aucune entrée BibTeX (@article{ "{" }…{ "}" })
import-no-publication = aucune publication dans le fichier

## Les données d'activité d'un bilan carbone

import-not-a-beges-post = « { $value } » n'est pas un poste BEGES (1.1 à 6.1)
import-negative-quantity = quantité négative ({ $value })
import-not-a-quantity = « { $value } » n'est pas une quantité
import-unknown-activity-unit = unité « { $unit } » inconnue (kWh, MWh, litre, m3, kg, t, passager.km, véhicule.km, €, k€, unité…)
import-unknown-factor = facteur « { $factor } » inconnu dans le jeu { $set }
import-unit-mismatch = l'unité ne correspond pas au facteur { $factor } ({ $error })
import-unknown-quality = qualité « { $value } » inconnue (mesurée, calculée, estimée, extrapolée ou un pourcentage)
import-label-missing = libellé manquant

## Bounds of a workbook (jalon_io::xlsx)
import-no-sheet = le classeur n'a aucune feuille à lire
import-workbook-too-large = le classeur se décompresse en plus de { $limit } Mo, au-delà de ce que Jalon lit : enregistrez-le en CSV ou découpez-le
import-workbook-too-many-parts = le classeur contient plus de { $limit } parties : ce n'est pas un classeur ordinaire
import-sheet-too-many-cells = la feuille compte plus de { $limit } cellules (les vides comprises jusqu'à la dernière colonne remplie) : découpez-la ou enregistrez-la en CSV
import-sheet-too-many-columns = la feuille utilise plus de { $limit } colonnes : une cellule est remplie très loin à droite ; supprimez-la
