# Le journal : ce qui s'est passé, écrit au moment où on le lit, dans la langue du lecteur.
# Chaque entrée garde une clé et ses arguments (jalon-app, `Message::new("journal-…")`).

## Comptes
journal-signed-in = { $user } s'est connecté·e
journal-sessions-ended = { $count ->
    [one] une session de { $user } fermée
   *[other] { $count } sessions de { $user } fermées
}
journal-token-created = jeton d'API « { $name } » de { $user } créé
journal-token-revoked = jeton d'API n° { $id } de { $user } révoqué
journal-account-created = compte { $user } créé (rôle : { $role })
journal-role-set = rôle de { $user } : { $role }
journal-account-activated = compte { $user } réactivé
journal-account-deactivated = compte { $user } désactivé
journal-password-changed = mot de passe de { $user } changé
journal-account-linked = compte { $user } rattaché à { $person }
journal-account-unlinked = compte { $user } rattaché à personne

## Plan, actions, valeurs
journal-plan-imported = plan importé depuis « { $file } » ({ $format })
journal-plan-version = version « { $label } » adoptée le { $date } par { $body }
journal-action-updated = fiche action { $code } modifiée
journal-action-progress = { $code } : { $status }, { $progress } %
journal-action-status = { $code } : { $status }
journal-action-comment = { $code } : commentaire de { $author }
journal-value-added = { $code } { $period } : valeur { $value } saisie
journal-value-changed = { $code } { $period } : valeur changée en { $value }
journal-value-state = { $code } { $period } : { $before } → { $after }
journal-value-deleted = { $code } { $period } : valeur supprimée
journal-value-computed = { $code } { $period } : { $value }, calculé depuis { $source }
journal-indicators-linked = { $count ->
    [one] un indicateur relié à { $source }
   *[other] { $count } indicateurs reliés à { $source }
}
journal-feed-carbon = les bilans carbone
journal-feed-sdg = les inventaires ODD

## ODD et inventaires
journal-sdg-confirmed = ODD { $goal } confirmé
journal-sdg-rejected = ODD { $goal } rejeté
journal-sdg-added = ODD { $sdg } ajouté
journal-sdg-removed = ODD { $sdg } retiré
journal-sdg-suggested = { $count } suggestion(s) d'ODD pour { $elements } objectif(s) et action(s)
journal-inventory-imported = { $kind } : { $count } enregistrement(s) importé(s) depuis « { $file } » ({ $rejected } ignoré(s), { $duplicates } déjà présent(s), { $suggested } avec ODD proposés)
journal-inventory-deleted = { $kind } : import « { $file } » supprimé avec ses { $count } enregistrement(s)
journal-courses-imported = { $count } cours de { $programmes } formation(s) importé(s) depuis « { $file } »
journal-course-focus = { $title } : { $before } → { $after }

## Carbone et fonds
journal-inventory-created = bilan { $year } de l'établissement créé (facteurs { $version })
journal-inventory-created-unit = bilan { $year } de { $unit } créé (facteurs { $version })
journal-activity-added = bilan { $year }, poste { $post } : { $label } ({ $quantity } { $unit })
journal-activity-removed = bilan { $year }, poste { $post } : { $label } retiré
journal-activities-imported = { $count } ligne(s) importée(s) dans le bilan { $year } depuis « { $file } »
journal-factors-imported = { $count } facteur(s) d'émission importé(s) depuis « { $file } » (version { $version })
journal-travel-settings = réglages des déplacements modifiés
journal-travel-lines = { $count } ligne(s) de déplacements professionnels calculée(s) depuis les missions { $year }
journal-missions-imported = { $count } mission(s) importée(s) depuis « { $file } » : { $computed } calculée(s), { $unresolved } en attente d'un lieu, { $tonnes } tCO2e
journal-missions-deleted = import de missions « { $file } » supprimé
journal-place-fixed = « { $text } » ({ $country }) est { $place }
journal-place-fix-deleted = correction de lieu supprimée
journal-trips-recomputed = { $count } déplacement(s) calculé(s) après une correction de lieu
journal-levy-price = { $year } : prix interne du carbone { $price } €/tCO2e
journal-levy-share = { $year } : contribution de { $percent } % du prix des billets
journal-levy-none = { $year } : pas de contribution
journal-reinvestment = { $year } : réinvestissement « { $description } » ({ $amount } €)
journal-reinvestment-deleted = réinvestissement « { $description } » supprimé
journal-mapping-saved = correspondance de colonnes « { $name } » enregistrée

## Référentiels et rapports
journal-the-edition = édition THE « { $name } » importée ({ $count } indicateurs)
journal-the-answer = réponse THE { $metric } ({ $year })
journal-evidence-the = THE { $metric } ({ $year }) : preuve « { $title } » { $linked }
journal-ddrs-imported = { $count } critère(s) DD&RS lu(s) depuis « { $file } » ({ $created } nouveau(x))
journal-ddrs-assessed = DD&RS, critère n° { $item } ({ $year }) : niveau { $level }
journal-evidence-ddrs = DD&RS, critère n° { $item } ({ $year }) : preuve « { $title } » { $linked }
journal-evidence-linked = rattachée
journal-evidence-unlinked = détachée
journal-evidence-created = preuve « { $title } » ajoutée
journal-evidence-updated = preuve « { $title } » modifiée
journal-evidence-deleted = preuve « { $title } » supprimée
journal-block-created = bloc de rapport « { $title } » ajouté
journal-block-updated = bloc de rapport « { $title } » modifié
journal-block-deleted = bloc de rapport « { $title } » supprimé
journal-highlights = chiffres clés de l'ODD { $goal } : { $codes }

## La page du journal
journal-title = Journal des modifications
nav-journal = Journal
journal-intro = Chaque modification du plan, des valeurs, des données carbone, des inventaires et des rapports, avec son auteur et sa date, de la plus récente à la plus ancienne.
journal-filter-kind = Élément
journal-filter-user = Compte (identifiant)
journal-empty = Aucune modification ne correspond.
journal-col-when = Date
journal-col-who = Par
journal-col-element = Élément
journal-col-what = Modification
journal-full-history = Toutes ses modifications, avant → après, dans le journal
journal-older = Modifications plus anciennes
journal-kind-strategy = Plan
journal-kind-axis = Chantier
journal-kind-objective = Objectif
journal-kind-target = Cible
journal-kind-indicator = Indicateur
journal-kind-action = Action
journal-kind-project = Projet de recherche
journal-kind-publication = Publication
journal-kind-course = Cours
journal-kind-sdg_tag = Suggestions d'ODD
journal-kind-inventory_import = Import d'inventaire
journal-kind-setting = Réglage
journal-kind-inventory = Bilan carbone
journal-kind-levy_rule = Règle de contribution
journal-kind-ledger_entry = Fonds carbone
journal-kind-mapping_profile = Correspondance de colonnes
journal-kind-factor_set = Facteurs d'émission
journal-kind-place_fix = Correction de lieu
journal-kind-trip_batch = Import de missions
journal-kind-the_edition = Édition THE
journal-kind-the_answer = Réponse THE
journal-kind-ddrs_item = Critère DD&RS
journal-kind-ddrs_assessment = Autoévaluation DD&RS
journal-kind-evidence = Preuve
journal-kind-report_block = Bloc de rapport
journal-kind-report_highlight = Chiffres clés
journal-kind-user = Compte
journal-kind-api_token = Jeton d'API
journal-col-account = Compte
journal-col-id = N°
journal-col-operation = Opération
journal-col-changes = Avant → après
journal-filter-from = Du
journal-filter-to = Au
journal-export = Télécharger en CSV
journal-kind-plan_version = Version du plan

## Campagne
journal-kind-campaign = Campagne
journal-kind-campaign_item = Élément de campagne
journal-campaign-opened = campagne { $year } ouverte : { $count ->
    [one] un élément
   *[other] { $count } éléments
}, échéance le { $date }
journal-campaign-closed = campagne { $year } close
journal-campaign-reopened = campagne { $year } rouverte
journal-campaign-returned = { $code } ({ $year }) renvoyé : { $reason }
journal-campaign-validated = { $code } ({ $year }) validé
journal-campaign-action-submitted = { $code } ({ $year }) : { $status }, soumis
journal-campaign-sheet = campagne { $year } : { $count } valeur(s) soumise(s) depuis « { $file } »
journal-mail-settings = préférences de courriel : { $frequency }, en { $language }
journal-domain-set = { $user } : référent du chantier { $axis }
journal-domain-cleared = { $user } : plus référent d'aucun chantier
