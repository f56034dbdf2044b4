# Les notifications : la cloche, la page « Notifications », les résumés par courriel.

nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] une non lue
   *[other] { $count } non lues
}
notifications-title = Notifications
notifications-intro = Jalon vous prévient quand une campagne s'ouvre, quand son échéance approche ou est passée et quand un élément vous est renvoyé. Les mêmes notifications vous parviennent par courriel, regroupées en un seul résumé.
notifications-none = Aucune notification pour l'instant.
notifications-unread = { $count ->
    [0] Tout est lu.
    [one] Une notification non lue.
   *[other] { $count } notifications non lues.
}
notifications-new = nouveau
notifications-mark-all = Tout marquer comme lu
notifications-open = Voir
notifications-settings = Résumé par courriel
notifications-language = Langue des courriels
notifications-frequency = Fréquence
notifications-save = Enregistrer
notifications-email = Les résumés sont envoyés à { $email }.
notifications-no-email = Aucune adresse électronique n'est connue pour vous : vos notifications restent dans Jalon. L'administrateur peut ajouter votre adresse à votre fiche.
notifications-no-smtp = Ce serveur n'envoie pas de courriel : les notifications restent dans Jalon.
language-fr = Français
language-en = Anglais
frequency-daily = au plus une fois par jour
frequency-weekly = au plus une fois par semaine
frequency-never = jamais (notifications dans Jalon seulement)

notice-campaign-opened = La campagne { $year } est ouverte : vos éléments sont à fournir avant le { $date }.
notice-deadline-near = L'échéance de la campagne { $year } approche ({ $date }) : des éléments restent à fournir.
notice-overdue = L'échéance de la campagne { $year } ({ $date }) est passée : des éléments restent à fournir.
notice-item-returned = { $code } « { $title } » vous est renvoyé : { $reason }

digest-subject = Jalon : { $count ->
    [one] une notification
   *[other] { $count } notifications
}
digest-greeting = Bonjour { $name },
digest-more = { $count ->
    [one] … et une autre, à lire dans Jalon.
   *[other] … et { $count } autres, à lire dans Jalon.
}
digest-footer = Vous recevez ce résumé { $frequency }. Langue et fréquence : { $link }

mail-queue-title = File des courriels
mail-state-queued = en attente
mail-state-sent = envoyé
mail-state-failed = en échec
flash-notifications_read = Toutes les notifications sont marquées comme lues.
flash-mail_settings_saved = Préférences de courriel enregistrées.
field-language = langue
mail-queue-intro = Les résumés attendent ici que le serveur de courriel les accepte. Un courriel refusé pour l'instant est réessayé après 1, 5 et 15 minutes, puis jusqu'à un jour ; refusé définitivement, ou encore refusé après un jour, il reste ici en échec avec la réponse du serveur.
mail-queue-none = Aucun courriel n'a encore été mis en file.
mail-queue-link = File des courriels
mail-col-created = Mis en file
mail-col-recipient = Destinataire
mail-col-subject = Objet
mail-col-state = État
mail-col-tries = Essais
mail-col-error = Dernière erreur
