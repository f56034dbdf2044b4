# Vérification du plan : un message par règle (`check-<code>`), ou par variante
# (`check-<code>-<variante>`) quand une règle a plusieurs phrases.

check-missing_code = Un élément ({ $entity }) « { $title } » n'a pas de code.
check-duplicate_code = Le code { $code } est utilisé deux fois ({ $first } et { $second }).
check-code_outside_parent = Le code { $code } ne commence pas par celui de son parent { $parent }.
check-stated_count_mismatch-objectives = Le texte annonce { $stated } { $stated ->
        [one] objectif
       *[other] objectifs
    }, le plan en contient { $actual }.
check-stated_count_mismatch-actions = Le texte annonce { $stated } { $stated ->
        [one] action
       *[other] actions
    }, le plan en contient { $actual }.
check-unknown_unit-person = { $person } appartient à l'unité { $unit }, qui n'existe pas.
check-unknown_unit-parent = L'unité { $code } a pour parent { $parent }, qui n'existe pas.
check-unknown_unit-action = L'unité « { $unit } » (action { $code }) n'existe pas.
check-invalid_share = L'unité { $code } a une part détenue de { $share } : attendu une fraction entre 0 et 1 (ex. 0,5).
check-unknown_person-owner = Le responsable « { $owner } » de l'indicateur { $code } n'est ni une personne ni une unité connue.
check-unknown_person-action = « { $person } » (action { $code }) n'est pas une personne connue.
check-invalid_sdg = « { $sdg } » n'est pas un ODD (1 à 17) ni une cible ODD (13.2).
check-objective_without_target = L'objectif { $code } n'a aucune cible.
check-objective_without_action = L'objectif { $code } n'a aucune action.
check-target_without_indicator = La cible { $code } « { $text } » n'est mesurée par aucun indicateur.
check-unknown_indicator-target = La cible { $code } renvoie à l'indicateur { $indicator }, qui n'existe pas.
check-unknown_indicator-action = L'action { $code } renvoie à l'indicateur { $indicator }, qui n'existe pas.
check-target_unmeasurable = La cible { $code } est exprimée en « { $unit } » mais son indicateur { $indicator } « { $name } » se mesure en « { $indicator_unit } » : il ne peut pas la mesurer.
check-target_not_quantified-value = La cible { $code } « { $text } » n'a pas de valeur chiffrée à atteindre.
check-target_not_quantified-relative = La cible { $code } est une évolution relative (en % ou par an) sans année ni valeur de référence.
check-target_year_outside_period = L'échéance { $year } de la cible { $code } est hors de la période { $start }-{ $end }.
check-baseline_not_before_target = La référence ({ $baseline }) de la cible { $code } n'est pas antérieure à l'échéance ({ $deadline }).
check-direction_contradicts_values-increase = La cible { $code } doit augmenter mais sa valeur cible ({ $value }) est inférieure à sa référence ({ $baseline }).
check-direction_contradicts_values-decrease = La cible { $code } doit baisser mais sa valeur cible ({ $value }) est supérieure à sa référence ({ $baseline }).
check-plan_table_disagrees = Le texte et le tableau du plan ne donnent pas les mêmes chiffres pour la cible { $code } : « { $text } » / « { $table } ».
check-plan_table_worded_differently = La cible { $code } est formulée différemment dans le texte (« { $text } ») et dans le tableau du plan (« { $table } »).
check-target_missing_from_plan_table = La cible { $code } « { $text } » figure dans le texte mais pas dans le tableau du plan d'actions.
check-target_missing_from_body = La cible { $code } « { $table } » figure dans le tableau du plan mais pas dans le texte.
check-indicator_without_unit = L'indicateur { $code } « { $name } » n'a pas d'unité.
check-indicator_without_baseline = L'indicateur { $code } « { $name } » n'a pas de valeur de référence.
check-indicator_without_owner = L'indicateur { $code } « { $name } » n'a pas de responsable de la donnée.
check-indicator_unused = L'indicateur { $code } « { $name } » ne mesure aucune cible ni action.
check-invalid_measurement-period = Indicateur { $code } : période invalide : { $reason ->
        [not_consecutive] « { $period } » : une année universitaire s'étend sur deux années consécutives (ex. 2023-2024)
        [reversed] « { $period } » : la période finit avant de commencer
        [out_of_range] « { $period } » : année hors limites (1900–2200)
       *[invalid] « { $period } » n'est pas une période (attendu : 2024, 2023-2024 ou 2024-01-01..2024-06-30)
    }
check-invalid_measurement-value = Indicateur { $code }, période { $period } : { $reason ->
        [empty] valeur vide là où un nombre est attendu
        [too_many_decimals] « { $value } » a plus de deux décimales pour un montant en euros
        [too_large] « { $value } » est trop grand
       *[not_a_number] « { $value } » n'est pas un nombre (attendu des chiffres comme 12,5 ou 12.5)
    }
check-duplicate_measurement = Indicateur { $code } : deux valeurs pour la période { $period }.
check-action_without_pilot = L'action { $code } « { $title } » n'a pas de pilote.
check-action_without_dates = L'action { $code } « { $title } » n'a pas de date de début ou de fin.
check-action_dates_reversed = L'action { $code } finit ({ $end }) avant de commencer ({ $start }).
check-action_outside_period = Les dates de l'action { $code } sortent de la période { $start }-{ $end }.
check-action_status_contradicts_progress = L'action { $code } est « { $status } » avec un avancement de { $progress } %.
check-budget_overspent = L'action { $code } a dépensé plus que son budget prévu.
