from django.shortcuts import get_object_or_404, render

from .models import Member


def home(request):
    return render(request, "network/home.html", {})


def member_list(request):
    return render(request, "network/member_list.html", {"members": Member.objects.in_network()})


def member_detail(request, slug):
    member = get_object_or_404(Member.objects.in_network(), slug=slug)
    return render(request, "network/member_detail.html", {"member": member})
