# Le site de Partage en français.

meta-language-name = Français
meta-chrono-locale = fr_FR
meta-og-locale = fr_FR
format-date = %A %-d %B %Y
format-month = %B %Y
format-time = %H:%M
format-decimal-separator = ,

skip-to-content = Aller au contenu
table-actions = Actions
nav-label = Menu principal
nav-home = Accueil
nav-directory = Annuaire
nav-events = Événements
nav-map = Carte
nav-network = Réseau
language-switch = Langue

footer-follow = Suivez cette antenne depuis Mastodon ou tout serveur du fédivers :
footer-activitypub = Profil ActivityPub
footer-data = Données ouvertes :
footer-powered = Propulsé par Partage, logiciel libre (AGPL-3.0-or-later).
feed-atom = Initiatives et événements nouveaux ou modifiés (Atom)
feed-ics = Événements à venir (iCalendar)

home-languages = Langues :
home-search = Trouver une initiative
home-search-any = Toutes les catégories
home-follow-title = Suivez-nous depuis le fédivers
home-follow-text = Cherchez cet identifiant dans Mastodon (ou toute application du fédivers) et abonnez-vous : les nouvelles initiatives et les prochains événements apparaîtront dans votre fil.
home-copy = Copier
home-copied = Copié !
home-follow-instance = Votre serveur
home-follow-button = Suivre depuis mon serveur
home-upcoming = Prochains événements
home-newest = Nouvelles initiatives
home-all-events = Tous les événements
home-all-initiatives = Tout l'annuaire

directory-title = Annuaire
directory-search-title = Recherche : { $q }
directory-description = Repair cafés, outilthèques, coopératives alimentaires, tiers-lieux et plus encore, autour de nous et dans tout le réseau.
directory-count = { $count ->
    [0] Aucune initiative ne correspond
    [one] Une initiative
   *[other] { $count } initiatives
}
directory-count-more = Plus de { $count } initiatives
directory-none = Rien pour l'instant : essayez avec moins de filtres.
directory-download = Télécharger ces résultats :

filter-text = Recherche
filter-text-placeholder = repair café, vélo, jardin…
filter-category = Catégorie
filter-any = Toutes
filter-tag = Mot-dièse
filter-near = Près de
filter-near-placeholder = ville ou code postal
filter-near-hint = ou latitude,longitude
filter-near-me = Autour de moi
filter-radius = Dans un rayon de
filter-from = Du
filter-to = Au
filter-origin = Provenance
filter-origin-all = Cette antenne et le réseau
filter-origin-local = Cette antenne seulement
filter-origin-network = Le réseau seulement
filter-open-now = Ouvert maintenant
filter-submit = Filtrer
filter-reset = Réinitialiser

pagination = Pages
pagination-previous = Précédente
pagination-next = Suivante
pagination-page = Page { $page } sur { $pages }
pagination-page-of-many = Page { $page }

# Conversations : ce que le fédivers dit d’une fiche.
comments-title = { $count ->
    [0] Commentaires
    [one] Un commentaire
   *[other] { $count } commentaires
}
comments-boosts = { $count ->
    [one] Une personne l’a partagé
   *[other] { $count } personnes l’ont partagé
}
comments-likes = { $count ->
    [one] un favori
   *[other] { $count } favoris
}
comments-none = Pas encore de commentaire.
comments-original = publication d’origine
comments-edited = modifié
comments-pages = Pages de commentaires
comments-how = Pour commenter, répondez à cette publication depuis votre compte du fédivers (Mastodon, GoToSocial…) ; cherchez sur votre serveur :
report-link = Signaler un problème sur cette fiche
admin-comments = Commentaires
admin-comments-intro = Les réponses du fédivers à nos initiatives et événements. Celles en attente ne sont pas montrées avant d’être approuvées ; une réponse adressée à la seule antenne est privée et n’est jamais montrée publiquement.
admin-comments-pending = En attente de relecture
admin-comments-approved = Montrés
admin-comments-hidden = Masqués
admin-comments-none = Rien ici.
admin-comments-on = sur
admin-comments-private = privé
admin-comments-approve = Approuver
admin-comments-hide = Masquer
admin-comments-delete = Supprimer
admin-comments-block-author = Bloquer l’auteur
admin-comments-block-domain = Bloquer le serveur
admin-comments-approve-selected = Approuver la sélection
admin-comments-select = Sélectionner
admin-comments-report = Le signaler à son serveur
admin-comments-report-reason = Pourquoi (envoyé à sa modération)
admin-comments-report-send = Envoyer le signalement
admin-comments-mention = l’antenne (une mention : répondez depuis votre propre compte)
dashboard-comments = { $count ->
    [one] Un commentaire du fédivers attend une relecture
   *[other] { $count } commentaires du fédivers attendent une relecture
}
admin-comments-done = C’est fait.

origin-from = Depuis le réseau :
origin-follow = La suivre :
source-from = Source :
source-left = N’y figure plus depuis le { $date }.
status-paused = En pause pour l'instant
status-closed = Fermé définitivement
status-active = Active

hours-open = Ouvert maintenant
hours-open-until = Ouvert · ferme à { $time }
hours-opens-today = Fermé · ouvre aujourd'hui à { $time }
hours-opens-on = Fermé · ouvre { $day } à { $time }
hours-closed = Fermé
hours-closed-day = fermé

initiative-address = Adresse
initiative-hours = Horaires
initiative-website = Site web
initiative-email = Courriel
initiative-phone = Téléphone
initiative-languages = Langues
initiative-calendar = Ses événements dans votre agenda (.ics)
initiative-events = Prochains événements

events-title = Événements
events-description = Ateliers, rencontres et séances de réparation : ce qui se prépare autour de nous et dans tout le réseau.
events-views = Affichage
events-agenda = Agenda
events-month = Mois
events-count = { $count ->
    [0] Aucun événement à venir ne correspond
    [one] Un événement
   *[other] { $count } événements
}
events-count-more = Plus de { $count } événements
events-none = Aucun événement à venir.
embed-more = Tout voir
embed-powered = Partage
embed-unavailable = L’agenda ne peut pas être lu pour l’instant ; réessayez dans un moment.
embed-title = Sur votre site
embed-intro = Montrez l’agenda, l’annuaire ou la carte de cette antenne sur votre propre site, toujours à jour : choisissez ce qu’il faut montrer, voyez le résultat, puis copiez l’un des deux extraits dans votre page.
embed-kind = Quoi montrer
embed-kind-agenda = L’agenda
embed-kind-directory = L’annuaire
embed-kind-map = La carte
embed-filters = Quelles fiches
embed-show = Sur la carte
embed-show-all = Initiatives et événements
embed-look = Apparence
embed-lang = Langue
embed-lang-reader = Celle du lecteur
embed-theme = Couleurs
embed-theme-auto = Comme le système du lecteur
embed-theme-light = Claires
embed-theme-dark = Sombres
embed-accent = Votre couleur
embed-accent-hint = en #RRVVBB ; pour les liens si elle se lit bien, sinon pour la bordure
embed-limit = Combien
embed-no-header = Masquer le nom de l’antenne
embed-update = Afficher
embed-preview = Aperçu
embed-iframe = Un cadre (marche partout)
embed-iframe-hint = Collez-le là où votre site accepte du HTML. Le script ajuste la hauteur du cadre à son contenu ; sans lui, le cadre garde sa hauteur.
embed-component = Un composant web (prend les polices de votre site)
embed-component-hint = Mis en forme par votre CSS : --partage-accent, --partage-ink, --partage-muted, --partage-line, --partage-font.
embed-copy = Copier
embed-copied = Copié
embed-not-found = Cette fiche n’est pas (ou plus) dans l’annuaire.
embed-open = L’ouvrir
embed-footer = Sur votre site
events-subscribe = S'abonner à ces événements (.ics)

event-online = En ligne
event-place = Lieu
event-initiative = Organisé par
event-capacity = Places
event-registration = Inscription
event-register = S'inscrire
event-add-to-calendar = Ajouter à mon agenda (.ics)
event-cancelled = Annulé
event-postponed = Reporté

map-title = Carte
map-label = Carte
map-zoom-in = Zoomer
map-zoom-out = Dézoomer
map-cluster = { $count } lieux ici — zoomer
map-legend-initiatives = Initiatives
map-legend-events = Événements à venir
map-noscript = La carte a besoin de JavaScript ; l'annuaire liste les mêmes lieux.

network-title = Réseau
network-intro = Les antennes que celle-ci suit et montre dans son annuaire, et celles qui la suivent.
network-following = Antennes suivies
network-followers = Antennes qui nous suivent
network-none = Aucune pour l'instant.
network-counts = { $initiatives } initiatives, { $events } événements
network-browse = Voir leurs fiches
network-pending = en attente de leur réponse

error-bad-query = Quelque chose ne va pas dans l'adresse
error-bad-query-text = Veuillez vérifier :
error-not-found = Introuvable
error-not-found-text = Il n'y a rien à cette adresse.
error-gone = Supprimé
error-gone-text = Cette page a été supprimée.
error-internal = Une erreur est survenue
error-internal-text = Nous n'avons pas pu afficher cette page. Réessayez dans un instant.
error-home = Retour à l'accueil

category-mobility = Mobilité
category-food = Alimentation
category-housing = Habitat
category-spaces = Lieux partagés
category-goods = Objets
category-repair = Réparation
category-skills = Savoirs
category-finance = Finance
category-energy = Énergie
category-culture = Culture
category-digital = Communs numériques
category-care = Entraide

## L'administration
admin-menu = Administration
admin-signed-in-as = Connecté·e en tant que
admin-signout = Se déconnecter
admin-dashboard = Tableau de bord
admin-initiatives = Initiatives
admin-events = Événements
admin-review = À modérer
admin-followers = Abonné·es
admin-follows = Abonnements
admin-blocks = Domaines bloqués
admin-deliveries = Envois
admin-users = Comptes
admin-log = Journal
admin-account = Mon compte
admin-only = Cette page est réservée aux admins. Demandez à un·e admin de l'antenne si vous en avez besoin.
admin-new-initiative = Nouvelle initiative
admin-new-event = Nouvel événement
admin-nothing = Rien pour l'instant.
admin-pending = en attente de modération
admin-search = Rechercher
admin-search-submit = Rechercher
admin-updated = Modifié
admin-view = Voir la page publique
admin-duplicate = Dupliquer
admin-delete = Supprimer
admin-confirm-delete = La supprimer définitivement ? Les abonné·es en seront informé·es.
admin-copy-of = { $name } (copie)
admin-upcoming-only = Événements à venir seulement
admin-with-past = Inclure les événements passés
role-admin = admin
role-editor = éditeur·rice
roles-explained = Les éditeur·rices gèrent les initiatives, les événements et la modération. Les admins gèrent aussi la fédération, les blocages, les envois et les comptes.

notice-saved = Enregistré.
notice-created = Créé et publié.
notice-deleted = Supprimé.
notice-approved = Approuvé : c'est dans l'annuaire.
notice-rejected = Refusé.
notice-followed = Demande d'abonnement envoyée : la copie commence quand elle est acceptée.
notice-unfollowed = Désabonné.
notice-blocked = Bloqué. Ses abonné·es, abonnements et contenus ont été retirés.
notice-unblocked = Débloqué.
notice-removed = Retiré.
notice-retried = Les envois vers cet hôte sont relancés.
notice-password = Votre mot de passe est changé ; vos autres sessions sont fermées.
notice-signed-out-everywhere = Vous êtes déconnecté·e partout.
notice-role = Rôle modifié.
notice-series = L'événement récurrent est créé : un événement par date.

signin-title = Connexion
signin-submit = Se connecter
signin-wrong = Nom d'utilisateur ou mot de passe incorrect.
signin-locked = Trop d'échecs de connexion. Par sécurité, la connexion est bloquée : réessayez dans { $minutes } minutes.
invite-title = Créer votre compte
invite-intro = Vous êtes invité·e à gérer cette antenne en tant que { $role }. Choisissez un nom d'utilisateur et un mot de passe.
invite-submit = Créer mon compte
invite-expired-title = Lien expiré
invite-expired = Ce lien a expiré ou a déjà servi. Demandez-en un nouveau à un·e admin.

account-password = Changer mon mot de passe
account-change-password = Changer le mot de passe
account-sessions = Sessions
account-sessions-text = Connecté·e sur un ordinateur que vous n'utilisez plus ? Déconnectez-vous partout, ici compris.
account-signout-everywhere = Se déconnecter partout

dashboard-initiatives = Initiatives
dashboard-events = Événements à venir
dashboard-mirrored = et { $count } du réseau
dashboard-followers = Abonné·es
dashboard-follows = Antennes suivies
dashboard-review = À modérer
dashboard-failing-label = Envois en échec
dashboard-source-failing = La source { $name } est en échec : { $error }
dashboard-source-refusing = Source { $name } : { $count ->
    [one] une ligne refusée
   *[other] { $count } lignes refusées
} à sa dernière lecture ({ $first })
dashboard-waiting = { $count ->
    [one] Une entrée attend d'être modérée.
   *[other] { $count } entrées attendent d'être modérées.
}
dashboard-failing = { $count ->
    [one] Un envoi échoue.
   *[other] { $count } envois échouent.
}

form-correct = Merci de corriger les champs signalés ci-dessous.
form-basics = L'essentiel
form-name = Nom
form-slug = Nom dans l'adresse
form-slug-hint = Lettres, chiffres et tirets ; tiré du nom s'il est vide.
form-summary = Résumé
form-description = Description
form-markdown-hint = Markdown : **gras**, *italique*, [lien](https://…), listes avec -. L'aperçu montre le résultat.
form-categories = Catégories
form-tags = Mots-clés
form-list-hint = Séparés par des virgules.
form-status = État
form-place = Lieu
form-place-name = Nom du lieu
form-street = Rue
form-postal-code = Code postal
form-locality = Ville
form-region = Région
form-country = Pays
form-country-hint = Deux lettres, par ex. FR.
form-map-picker = Carte : cliquez pour placer l'épingle
form-map-hint = Cliquez sur la carte (ou déplacez l'épingle) pour placer le lieu ; ou saisissez les coordonnées.
form-latitude = Latitude
form-longitude = Longitude
form-contact = Contact
form-website = Site web
form-email = Courriel
form-phone = Téléphone
form-languages = Langues parlées
form-languages-hint = Codes de langue séparés par des virgules, par ex. fr, en.
form-hours = Horaires d'ouverture
form-hours-hint = Syntaxe OpenStreetMap, par ex. Mo-Fr 09:00-18:00; Sa 10:00-12:00. La semaine à venir s'affiche dessous.
form-hours-unreadable = Ces horaires ne peuvent pas être lus.
form-save = Enregistrer
form-create = Créer
form-when = Quand
form-starts = Début
form-ends = Fin
form-timezone = Fuseau horaire
form-repeat = Récurrence
form-repeat-count = Nombre de dates
form-repeat-hint = De 2 à 52 ; chaque date devient un événement à part entière.
repeat-none = Une seule fois
repeat-weekly = Chaque semaine
repeat-biweekly = Toutes les deux semaines
repeat-monthly-day = Chaque mois, le même jour
repeat-monthly-weekday = Chaque mois, le même jour de la semaine (par ex. 2e samedi)
form-initiative = Organisé par l'initiative
form-initiative-hint = Tapez son nom et choisissez-la parmi les suggestions.
form-initiative-none = — aucune —
form-known-place = Un lieu déjà utilisé
form-known-place-none = — choisissez-en un pour remplir l’adresse —
form-taking-part = Participer
form-online = En ligne sur
form-join-mode = Inscription
join-mode-none = Sans inscription
join-mode-free = Libre, ouvert à tous
join-mode-external = Inscription sur un autre site
form-registration = Adresse d'inscription
form-capacity = Places
form-language = Langue parlée
form-language-hint = Un code de langue, par ex. fr.
event-status-scheduled = Prévu
event-status-postponed = Reporté
event-status-cancelled = Annulé
form-username = Nom d'utilisateur
form-username-hint = 2 à 32 caractères : lettres a-z, chiffres, « . », « - » et « _ ».
form-password = Mot de passe
form-new-password = Nouveau mot de passe
form-password-hint = Au moins { $min } caractères. Quelques mots sans rapport font un bon mot de passe.
form-confirm-password = Nouveau mot de passe, à nouveau
form-current-password = Mot de passe actuel
form-confirm-mismatch = Les deux mots de passe diffèrent.
form-refused = Ce formulaire a été refusé
form-not-a-form = Envoyez-le comme un formulaire HTML (application/x-www-form-urlencoded).
form-cross-site = Les formulaires ne sont acceptés que depuis les pages de ce site.
form-too-large = Ce formulaire est trop gros (plus de 64 Kio).
form-unreadable = Ce formulaire est illisible.
form-expired = Ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et envoyez-le à nouveau.
error-forbidden = Non autorisé
error-conflict = Impossible

review-empty = Rien n'attend de modération.
review-from = Copié depuis
review-suggestion = Proposé via le site
review-approve = Approuver
review-reject = Refuser

followers-count = { $count ->
    [one] Un compte suit l'antenne.
   *[other] { $count } comptes suivent l'antenne.
}
followers-actor = Compte
followers-since = Connu depuis
followers-remove = Retirer
followers-confirm-remove = Retirer cet·te abonné·e ? Il ou elle en est informé·e et ne voit plus nos publications.
follows-new = Suivre une antenne, un groupe ou un agenda
follows-new-text = Une autre antenne Partage, un groupe Mobilizon ou une instance Gancio : ce qu'elle publie est copié ici.
follows-target = Identifiant ou adresse
follows-target-hint = par ex. @berlin@berlin.example ou https://berlin.example/actors/berlin
follows-policy = Ce qui arrive
policy-auto = est publié aussitôt
policy-review = attend la modération
follows-follow = Suivre
follows-state = État
follow-state-pending = en attente de réponse
follow-state-accepted = accepté
follow-state-rejected = refusé
follows-unfollow = Ne plus suivre
follows-remove-mirrored = et retirer ses contenus
follows-confirm-unfollow = Ne plus suivre ?
blocks-new = Bloquer un domaine
blocks-new-text = Un serveur bloqué et ses sous-domaines perdent ici leurs abonné·es, abonnements et contenus, et tout ce qu'ils envoient est refusé.
blocks-domain = Domaine
blocks-domain-hint = par ex. spam.example
blocks-reason = Motif
blocks-reason-hint = Pour les autres admins ; non publié.
blocks-block = Bloquer
blocks-confirm = Bloquer ce domaine et retirer tout ce qui en vient ?
blocks-since = Bloqué depuis
blocks-unblock = Débloquer
delivery-pending = En attente
delivery-delivered = Livrés
delivery-failed = Abandonnés
deliveries-unavailable = Hôtes mis de côté
deliveries-unavailable-text = Ces hôtes ont échoué trop longtemps : les envois attendent qu'ils répondent à nouveau.
deliveries-failures = { $count } échecs
deliveries-failed = Abandonnés, par hôte
deliveries-pending = En attente, par hôte
deliveries-errors = Dernières erreurs
deliveries-inbox = Boîte de réception
deliveries-attempts = Essais
deliveries-error = Erreur
deliveries-retry = Relancer maintenant
users-invite = Inviter quelqu'un
users-invite-text = Créez un lien à usage unique, valable 7 jours, et envoyez-le à la personne : elle choisit son nom d'utilisateur et son mot de passe.
users-invite-submit = Créer un lien d'invitation
users-invite-link = Lien d'invitation
users-invited = Voici le lien pour un·e nouvel·le { $role }. Copiez-le maintenant : il ne sera plus affiché.
users-role = Rôle
users-since = Depuis
users-you = vous
users-remove = Retirer
users-confirm-remove = Retirer ce compte ? Ses sessions se ferment aussitôt.
log-when = Quand
log-who = Qui
log-action = Action
log-target = Sur

## Propositions du public
suggest-initiative = Proposer une initiative
suggest-event = Proposer un événement
suggest-intro = Vous connaissez une initiative de partage ou un événement qui manque ? Dites-le nous : l'équipe de l'antenne le vérifie avant sa mise en ligne.
suggest-initiative-instead = Proposer plutôt une initiative
suggest-event-instead = Proposer plutôt un événement
suggest-honeypot = Laissez ce champ vide
suggest-review-note = Rien n'est publié avant qu'une personne de l'antenne l'ait relu.
suggest-submit = Envoyer la proposition
suggest-thanks-title = Merci !
suggest-thanks = Votre proposition attend l'équipe de l'antenne ; elle apparaîtra dans l'annuaire une fois approuvée.
suggest-too-many = Vous avez envoyé beaucoup de propositions en peu de temps. Réessayez dans { $minutes } minutes.
follows-filters = Filtres
follows-filters-text = Ne copier que les entrées de ces catégories (aucune cochée : toutes)…
follows-area = …et seulement dans cette zone, en degrés (tout vide : partout).
follows-south = Sud
follows-west = Ouest
follows-north = Nord
follows-east = Est

pictures = Images
pictures-hint = La première est l'image principale (une affiche, une photo du lieu) ; { $count } au plus en tout. JPEG, PNG, WebP ou GIF. Décrivez chacune pour qui ne peut pas la voir ; un clic sur une image fixe le point à garder visible.
pictures-add = Ajouter des images : déposez-les ici, choisissez-les ou prenez une photo
pictures-uploading = Envoi…
pictures-description = Description (ce que montre l'image)
pictures-main = Image principale
pictures-remove = Retirer
pictures-focus = Cliquez sur le sujet pour le garder visible quand l'image est recadrée
pictures-copying = L'image est en train d'être copiée ici.
pictures-file = Image
pictures-upload = Ajouter l'image
notice-picture-added = Image ajoutée.
suggest-picture = Une image (facultative) : une affiche, une photo du lieu

## E-mail
mail-confirm-subject = Confirmez votre abonnement à { $chapter }
mail-confirm-intro = Quelqu'un, vous sans doute, a demandé à { $chapter } de recevoir les nouveautés : { $what }, { $frequency }.
mail-confirm-action = Confirmer mon abonnement
mail-confirm-ignore = Si ce n'était pas vous, ignorez ce message : rien d'autre ne vous sera envoyé.
mail-frequency-daily = chaque jour
mail-frequency-weekly = chaque semaine
mail-what-all = initiatives et événements
mail-what-initiatives = initiatives
mail-what-events = événements
mail-area-near = à moins de { $radius } km de { $place }
mail-area-here = l'endroit choisi
mail-area-everywhere = partout
mail-digest-subject = { $count ->
    [one] Une nouveauté
   *[other] { $count } nouveautés
  } sur { $chapter }
mail-digest-intro = Nouveau ou mis à jour depuis le { $date } : { $what }.
mail-digest-initiatives = Initiatives
mail-digest-events = Événements
mail-digest-new = nouveau
mail-digest-changed = mis à jour
mail-digest-more = …et { $count } de plus sur le site
mail-digest-footer = Vous recevez ce message parce que vous vous êtes abonné·e sur { $chapter }.
mail-manage = Modifier ou arrêter cet abonnement
mail-notices-subject = { $count ->
    [one] Une chose vous attend
   *[other] { $count } choses vous attendent
  } sur { $chapter }
mail-notices-daily-subject = Aujourd'hui sur { $chapter } : { $count ->
    [one] une chose
   *[other] { $count } choses
  } pour vous
mail-notice-suggestion = Nouvelle suggestion à examiner : { $label }
mail-notice-mirrored = D'une autre antenne, en attente d'examen : { $label }
mail-notice-follower = Nouvel abonné : { $label }
mail-notice-report = Un signalement : { $label }
mail-notice-host-down = { $label } refuse nos envois depuis un jour
mail-notice-comment = Une réponse de { $label } attend une relecture
mail-notices-footer = Vous recevez ce message en tant qu'administrateur de cette antenne.
mail-notices-settings = Choisir ce dont vous êtes averti, et quand

## Subscriptions
subscribe-title = Recevoir les nouveautés d'ici par e-mail
subscribe-hint = Les fiches nouvelles ou mises à jour qui répondent aux filtres de cette page, en un seul message. Rien n'est envoyé avant votre confirmation, et chaque message a un lien pour arrêter.
subscribe-email = Votre adresse e-mail
subscribe-frequency = À quelle fréquence
subscribe-weekly = Chaque semaine
subscribe-daily = Chaque jour
subscribe-origin = Venant de
subscribe-origin-all = Tout le réseau
subscribe-origin-local = Cette antenne seulement
subscribe-submit = M'abonner
subscribe-refused = Cet abonnement ne peut pas être fait
subscribe-field-email = Adresse e-mail
subscribe-field-kinds = Quoi
subscribe-field-near = Lieu
subscribe-field-radius_km = Rayon
subscribe-field-categories = Catégories
subscribe-field-origin = Venant de
subscribe-field-frequency = Fréquence
subscribe-sent-title = Regardez votre boîte aux lettres
subscribe-sent = Si cette adresse peut recevoir nos messages, un message avec un lien de confirmation est en route. Rien n'est envoyé avant que vous l'ayez suivi.
subscribe-confirmed-title = Abonnement confirmé
subscribe-confirmed = Votre abonnement est confirmé. Chaque message aura un lien pour le modifier ou l'arrêter.
subscribe-manage-title = Votre abonnement
subscribe-save = Enregistrer
subscribe-saved = Enregistré.
subscribe-unsubscribe = Me désabonner
subscribe-ended-title = Désabonné
subscribe-ended = Vous ne recevrez plus rien de cet abonnement.
link-title = Ce lien ne fonctionne pas
link-unknown = Ce lien n'est pas l'un des nôtres, ou il a été coupé. Ouvrez-le à nouveau depuis le message, en entier.
link-expired = Ce lien a expiré. Faites une nouvelle demande depuis le site.
link-used = Ce lien a déjà servi.

## E-mail and notices on My account
account-email = E-mail et avis
account-email-text = Ce qui vous attend (suggestions à examiner, nouveaux abonnés…) peut vous être envoyé par e-mail, tout de suite ou en un message par jour.
account-email-address = Adresse e-mail (vide : rien n'est envoyé)
account-email-language = Langue des messages
account-email-invalid = n'est pas une adresse e-mail valide
account-email-save = Enregistrer
account-notice-kind = Quand
account-notice-now = Tout de suite
account-notice-daily = Résumé du jour
account-notice-never = Jamais
account-notice-suggestion = Une suggestion du public
account-notice-mirrored = Une fiche d'une autre antenne à examiner
account-notice-follower = Un nouvel abonné
account-notice-report = Un signalement
account-notice-host-down = Un serveur qui refuse nos envois depuis un jour
account-notice-comment = Une réponse venue du fédivers qui attend une relecture
notices-off-title = Arrêter ces messages
notices-off-text = Vous ne serez plus averti de rien par e-mail ; vous pourrez choisir à nouveau dans Mon compte.
notices-off-button = Arrêter tous les avis
notices-off-done-title = Avis arrêtés
notices-off-done = Plus aucun avis ne vous sera envoyé par e-mail.

## E-mail to an entry's contact
mail-reminder-subject = « { $name } » est-il toujours actif ?
mail-reminder-subject-again = Encore une fois : « { $name } » est-il toujours actif ?
mail-reminder-intro = « { $name } » figure sur { $chapter } avec cette adresse comme contact, et n'a pas changé depuis longtemps. Est-ce toujours exact ?
mail-reminder-active = Oui, c'est toujours actif
mail-reminder-edit = Quelque chose a changé : mettre à jour
mail-reminder-closed = C'est fermé
mail-reminder-why = Vous recevez ce message parce que cette adresse est le contact de « { $name } » sur { $chapter }. Sans réponse à deux messages de ce genre, la fiche apparaît comme non confirmée ; pour donner un autre contact, mettez-la à jour.
mail-owner-subject = Votre lien pour corriger « { $name } »
mail-owner-intro = Quelqu'un, vous sans doute, a demandé à corriger « { $name } » sur { $chapter }. Ce lien ouvre son formulaire, pendant 7 jours.
mail-owner-action = Corriger la fiche
mail-owner-ignore = Si ce n'était pas vous, ignorez ce message : rien ne change.

## Owners and contacts
owner-link = C'est à vous ? Corrigez-la
owner-title = Corriger « { $name } »
owner-intro = Tapez l'adresse de contact de la fiche : un lien vers son formulaire y est envoyé, valable 7 jours. Aucun compte n'est nécessaire.
owner-email = L'adresse de contact de la fiche
owner-send = M'envoyer le lien
owner-sent = Si c'est l'adresse de contact de la fiche, le lien est en route.
owner-review-note = Vos changements sont vérifiés par l'équipe de l'antenne avant d'apparaître.
owner-save = Enregistrer les changements
owner-thanks = Merci
owner-published = Vos changements sont en ligne.
owner-waits = Vos changements attendent l'équipe de l'antenne ; ils apparaîtront une fois approuvés.
fresh-active-title = « { $name } » est-il toujours actif ?
fresh-closed-title = « { $name } » a-t-il fermé ?
fresh-done = Votre réponse est enregistrée.
unconfirmed = Non confirmée : son contact n'a pas dit depuis longtemps que c'est toujours exact.
filter-hide-unconfirmed = Masquer les fiches non confirmées
review-owner-edits = Changements proposés par les responsables
review-apply = Appliquer
review-discard = Écarter
admin-stale = Toujours actif ?
stale-intro = Les initiatives dont le contact a été interrogé, et celles qui n'ont pas répondu.
stale-reminders = Relances
stale-unconfirmed-since = Non confirmée depuis
stale-none = Toutes les initiatives sont à jour.
dashboard-subscribers = Lecteurs abonnés par e-mail
dashboard-mail = Messages en attente d'envoi
dashboard-mail-failed = { $count } abandonnés

## Signalements : « Signaler un problème » et la page Signalements de l'administration
report-title = Signaler un problème sur « { $name } »
report-intro = Dites à l'équipe de l'antenne ce qui ne va pas sur cette fiche. Elle lit chaque signalement ; rien de ce que vous écrivez ici n'est publié.
report-reason = Qu'est-ce qui ne va pas ?
report-reason-closed = Le lieu a fermé, ou l'événement est annulé
report-reason-wrong = Des informations sont fausses
report-reason-duplicate = C'est un doublon d'une autre fiche
report-reason-inappropriate = C'est inapproprié (spam, haine, illégal)
report-message = Précisez (facultatif)
report-message-hint = 2 000 caractères au plus : ce qui ne va pas, et ce qu'il faudrait écrire.
report-email = Votre adresse e-mail (facultatif)
report-email-hint = Seulement si vous voulez une réponse. Seule l'équipe de l'antenne la voit.
report-submit = Envoyer le signalement
report-thanks-title = Merci
report-thanks = Votre signalement est parvenu à l'équipe de l'antenne.
report-back = Retour à « { $name } »
report-too-many = Vous avez envoyé beaucoup de signalements en peu de temps. Réessayez dans { $minutes } minutes.
admin-reports = Signalements
reports-intro = Ce que des lecteurs (« Signaler un problème » sur une fiche) et d'autres serveurs (un signalement fait sur Mastodon, par exemple) disent ne pas aller. Supprimer ou bloquer clôt le signalement ; chaque action figure dans le journal d'activité.
reports-open = Signalements ouverts
reports-none = Aucun signalement ouvert.
reports-closed = { $count ->
    [one] Un signalement clos
   *[other] { $count } signalements clos
}
reports-reason-closed = Fermé ou annulé
reports-reason-wrong = Informations fausses
reports-reason-duplicate = Doublon
reports-reason-inappropriate = Inapproprié
reports-reason-fediverse = Venu du fédivers
reports-by-server = envoyé par
reports-by-reader = Un lecteur
reports-no-message = Pas de message.
reports-about = Au sujet de :
reports-chapter = l'antenne
reports-mirrored = du réseau
reports-gone = quelque chose de supprimé depuis
reports-comment-by = un commentaire de
reports-objects = Adresses citées
reports-remove-entry = Supprimer la fiche
reports-hide-entry = Masquer la fiche
reports-remove-comment = Supprimer le commentaire
reports-block-actor = Bloquer { $actor }
reports-block-domain = Bloquer le serveur { $server }
reports-dismiss = Classer sans suite
reports-confirm-remove = La supprimer définitivement ? Ses abonnés sont prévenus.
reports-confirm-block = Bloquer ? Tout ce qui en vient est supprimé, et ce qu'il enverra sera refusé.
reports-state-resolved = Traité
reports-state-dismissed = Classé sans suite
notice-dismissed = Classé sans suite.
dashboard-reports = { $count ->
    [one] Un signalement à examiner
   *[other] { $count } signalements à examiner
}
blocks-actors = Comptes bloqués
blocks-actor = Compte
dashboard-reports-label = Signalements ouverts
dashboard-embed = Mettre l’agenda, l’annuaire ou la carte sur votre site (ou celui d’un partenaire)

## Doublons probables (administration)
admin-duplicates = Doublons
duplicate-near = Il existe déjà « { $name } » à { $distance }
duplicate-contact = Il existe déjà « { $name } », avec le même contact
duplicate-from = publié par { $origin }
duplicate-open = l’ouvrir
duplicate-confirm = Est-ce une autre initiative ? Enregistrez à nouveau pour confirmer.
duplicate-save-anyway = Enregistrer quand même
duplicates-intro = Des fiches qui semblent décrire la même initiative : liez-les (une seule carte avec les deux sources), fusionnez l’une des nôtres dans l’autre (son adresse y mène alors), ou indiquez qu’elles sont différentes (elles ne seront plus proposées).
duplicates-none = Aucun doublon probable.
duplicates-same = La même : les lier
duplicates-merge = Fusionner « { $from } » dans « { $into } »
duplicates-different = Pas un doublon
duplicates-also = Aussi publié par
duplicates-ours = nous
dashboard-duplicates = Doublons probables à examiner
notice-linked = Liées : affichées comme une seule fiche.
notice-merged = Fusionnées.
notice-distinct = Marquées comme différentes.

## Sources synchronisées (/admin/sources)
admin-sources = Sources
sources-intro = Fichiers et cartes lus régulièrement dans l'annuaire : un tableur, une carte GoGoCarto, des données OpenStreetMap. Chaque lecture ajoute ce qui est nouveau, met à jour ce qui a changé et marque fermé ce qui a quitté la source ; un champ modifié ici n'est jamais écrasé.
sources-new = Ajouter une source
sources-none = Aucune source pour l'instant.
sources-name = Nom
sources-name-hint = Affiché sur chaque fiche qu'elle apporte (« Source : … »). L'hôte de l'adresse si vide.
sources-format = Format
sources-format-csv = Tableur CSV
sources-format-json = Liste JSON
sources-format-geojson = GeoJSON (par ex. OpenStreetMap)
sources-format-gogocarto = Carte GoGoCarto
sources-format-ics = iCalendar (.ics)
sources-every = Lire tous les
sources-every-hint = 30m, 6h, 24h, 7d…
sources-last-run = Dernière lecture
sources-entries = Fiches
sources-left = { $count } fermées (sorties de la source)
sources-never = Jamais lue.
sources-failing = En échec :
sources-retry = Nouvel essai vers { $at } ; ses fiches restent telles quelles.
sources-url = Adresse du fichier ou de l'API de la carte
sources-url-hint = Pour GoGoCarto, l'adresse de la carte suivie de /api/elements.json
sources-attribution = Attribution
sources-licence = Licence
sources-licence-hint = par ex. ODbL, CC BY 4.0
sources-link = Lien vers la page de la source
sources-columns = Colonnes
sources-columns-hint = Laquelle de ses colonnes (ou propriétés ; address.streetAddress pour les imbriquées) est chacun de nos champs. Vide : les noms habituels, en anglais ou en français. Sans objet pour un agenda iCalendar, dont les propriétés sont fixes.
sources-key = Colonne de ses identifiants
sources-key-hint = Par défaut : id ou ref (l'id d'un objet GeoJSON).
sources-rules = Ses catégories en les nôtres
sources-rules-hint = Une par ligne : sa catégorie, deux-points, nos catégories (repair, goods, food…). Pour la valeur d'une colonne : shop=second_hand: goods
sources-categories-hint = Les catégories cochées ci-dessus sont données à toutes les fiches de la source.
sources-preview = Aperçu
sources-unreadable = La source ne peut pas être lue :
sources-preview-count = Les { $shown } premières lignes sur { $total }, telles qu'elles seraient enregistrées.
sources-unmapped = Catégories qu'aucune règle ne prend :
sources-line = Ligne
sources-our-field = Notre champ
sources-their-column = Sa colonne
sources-value = Valeur
sources-run = Lire maintenant
sources-runs = Lectures
sources-ignored = Identifiants écartés
sources-ignored-hint = Les lignes de ces identifiants ne sont jamais reprises.
sources-unignore = La reprendre
sources-ignore-key = Son identifiant
sources-ignore = L'écarter
sources-settings = Réglages
sources-remove = Supprimer cette source
sources-remove-hint = Ses fiches restent dans l'annuaire, comme celles de l'antenne, sans attribution.
sources-remove-confirm = Supprimer cette source ? Ses fiches restent.
notice-ran = Lecture faite : voir sa ligne ci-dessous.
