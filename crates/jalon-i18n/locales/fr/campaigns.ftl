# La campagne annuelle de collecte : campagnes, avancement, « Mes tâches ».

nav-campaigns = Campagne
nav-todo = Mes tâches
campaigns-title = Campagnes de collecte
campaigns-intro = Chaque année, chaque responsable fournit les valeurs de ses indicateurs et l'état des actions qu'il pilote avant une date limite ; l'équipe DD&RS valide chaque élément ou le renvoie avec un motif. Clore une campagne verrouille les valeurs de son année.
campaigns-list = Campagnes
campaigns-none = Aucune campagne n'a encore été ouverte.
campaigns-col-campaign = Campagne
campaigns-col-dates = Calendrier
campaigns-col-phase = Situation
campaigns-col-supplied = Fourni
campaigns-open = Ouvrir une campagne
campaigns-open-help = Chaque valeur d'indicateur de l'année et chaque action en cours devient un élément attribué au responsable ou au pilote que nomme le plan.
campaigns-year = Année collectée
campaigns-label = Nom (facultatif)
campaigns-open-button = Ouvrir la campagne
campaign-default-name = Campagne { $year }
campaign-dates = du { $opens } au { $deadline }
campaign-phase-scheduled = ouvre le { $date }
campaign-phase-collecting = { $days ->
    [0] dernier jour
    [one] encore un jour
   *[other] encore { $days } jours
}
campaign-phase-past_deadline = { $days ->
    [one] échéance dépassée d'un jour
   *[other] échéance dépassée de { $days } jours
}
campaign-phase-closed = close
campaign-supplied = { $done } élément(s) fourni(s) sur { $total }
campaign-scope-indicator_values = Valeurs des indicateurs
campaign-scope-action_statuses = État des actions
campaign-item-pending = À fournir
campaign-item-returned = Renvoyé
campaign-item-submitted = À valider
campaign-item-validated = Validé
campaign-overdue = En retard
campaign-no-owner = Sans responsable
campaign-no-value = pas encore de valeur
campaign-current-value = { $value } ({ $state })
campaign-col-total = Éléments
campaign-col-owner = Responsable
campaign-col-axis = Chantier
campaign-col-item = Élément
campaign-col-current = Aujourd'hui
campaign-col-state = État
campaign-to-validate = À valider
campaign-nothing-to-validate = Rien n'attend de validation.
campaign-overdue-items = En retard
campaign-nothing-overdue = Rien n'est en retard.
campaign-by-owner = Par responsable
campaign-by-axis = Par chantier
campaign-items = Tous les éléments
campaign-validate = Valider
campaign-return = Renvoyer avec ce motif
campaign-reason = Motif du renvoi (la personne le verra)
campaign-close = Clore la campagne
campaign-close-help = Clore verrouille les valeurs de l'année : pour les modifier ensuite, il faudra rouvrir la campagne.
campaign-reopen = Rouvrir la campagne
campaign-reopen-help = La campagne est close : ses valeurs sont verrouillées. La rouvrir permet de les modifier ; c'est inscrit au journal.
todo-title = Mes tâches
todo-intro = Ce que vous avez à fournir dans les campagnes ouvertes, les éléments renvoyés d'abord.
todo-none = Vous n'avez rien à fournir dans une campagne ouverte.
todo-returned-because = Renvoyé :
todo-submit = Soumettre
todo-note = Ce qui s'est passé cette année
flash-campaign_opened = Campagne ouverte.
flash-campaign_closed = Campagne close : les valeurs de son année sont verrouillées.
flash-campaign_reopened = Campagne rouverte.
flash-item_submitted = Soumis pour validation.
flash-item_validated = Élément validé.
flash-item_returned = Élément renvoyé avec son motif.
field-opens_on = Ouverture
field-deadline = Date limite
field-scope = Ce que la campagne collecte
field-reason = motif
entity-campaign = campagne
entity-campaign_item = élément de campagne
error-campaign_closed = La campagne de cette année est close : ses valeurs sont verrouillées. Rouvrez-la pour les modifier.
error-campaign_exists = Une campagne existe déjà pour cette année.
error-not_submitted = Seul un élément soumis peut être validé ou renvoyé.
cli-campaign-scope = « { $value } » n'est pas un périmètre de campagne (connus : { $known })
cli-campaign-tally = { $total ->
    [one] un élément
   *[other] { $total } éléments
} : { $pending } à fournir, { $returned } renvoyé(s), { $submitted } à valider, { $validated } validé(s), { $overdue } en retard
cli-campaign-opened = campagne n° { $id } ({ $year }) ouverte : { $count ->
    [one] un élément attribué
   *[other] { $count } éléments attribués
}
cli-campaign-overdue = en retard : { $code } ({ $owner })
cli-campaign-closed = campagne { $year } close : les valeurs de l'année sont verrouillées
cli-campaign-reopened = campagne { $year } rouverte
sheet-name = Campagne { $year }
sheet-col-item = N°
sheet-col-code = Code
sheet-col-indicator = Indicateur
sheet-col-unit = Unité
sheet-col-now = Aujourd'hui
sheet-col-reason = Motif du renvoi
sheet-col-value = Valeur
sheet-col-source = Source
sheet-col-comment = Commentaire
sheet-missing-columns = Le classeur n'a pas les colonnes attendues : { $columns }. Partez du classeur téléchargé depuis « Mes tâches ».
sheet-not-yours = L'élément n° { $item } n'est pas une de vos valeurs à fournir dans cette campagne.
sheet-twice = L'élément n° { $item } figure deux fois.
sheet-bad-value = « { $value } » n'est pas une valeur lisible (exemples : 12,5 ; > 80 ; 10-12 ; oui).
sheet-too-long = Texte trop long : { $max } caractères au plus.
todo-sheet = Travailler hors ligne
todo-sheet-help = Téléchargez le classeur de vos valeurs à fournir, remplissez la colonne « Valeur » (et si besoin la source et un commentaire), puis déposez-le ici : chaque valeur remplie est soumise ; les lignes laissées vides ne changent rien. Si une ligne pose problème, rien n'est enregistré.
todo-sheet-download = Télécharger mes valeurs à fournir (XLSX)
todo-sheet-upload = Déposer le classeur rempli
flash-sheet_submitted = Classeur lu : les valeurs remplies sont soumises pour validation.
sheet-file = campagne-{ $id }-mes-valeurs.xlsx
